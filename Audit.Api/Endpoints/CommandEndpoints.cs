using Audit.Api.Queries;
using Audit.Api.Validation;
using Audit.Infrastructure.Database;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Audit.Api.Endpoints;

/// <summary><c>GET /api/v1/commands</c>: typed shell commands; <c>/commands/artefacts</c>: prompt lines nobody typed.</summary>
public static class CommandEndpoints
{
    public static IEndpointRouteBuilder MapCommandEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapReadGroup("Commands").MapGet("/commands", ListCommandsAsync)
            .WithName("ListCommands")
            .WithSummary("Typed shell commands (bash, IPython), newest first.")
            .WithDescription("user= is the person (logger's login name), so alice's commands in a root shell after sudo -i are found with user=alice. Keyset-paged: pass nextCursor back as cursor. Accept: text/csv or application/x-ndjson streams every match instead of a page.")
            .AddEndpointFilter<ValidationFilter<CommandQuery>>()
            .ProducesList<CommandItem>();
        app.MapReadGroup("Commands").MapGet("/commands/artefacts", ListArtefactsAsync)
            .WithName("ListShellArtefacts")
            .WithSummary("Prompt lines nobody typed (a new shell's first prompt, a prompt after an empty Enter), newest first, with the reason.")
            .WithDescription("PROMPT_COMMAND runs before the first prompt too: a new shell's first line repeats the last saved history entry (or is empty). Such lines never appear in /commands, /sessions or the timeline; they are listed here. reason= filters by substring (e.g. 'auditd exec', 'first prompt', 'repeated').")
            .AddEndpointFilter<ValidationFilter<ShellArtefactQuery>>()
            .ProducesList<ShellArtefactItem>();
        return app;
    }

    public static Task<Results<Ok<Page<CommandItem>>, PushStreamHttpResult, ProblemHttpResult>> ListCommandsAsync(
        [AsParameters] CommandQuery query, HttpContext http, AuditDbContext db, ListRunner runner, CancellationToken ct) =>
        runner.RunAsync(http, query, (from, to) => CommandQueries.Filter(db, query, from, to), CommandQueries.ToItem, CommandQueries.Columns, CommandQueries.Values, ct);

    public static Task<Results<Ok<Page<ShellArtefactItem>>, PushStreamHttpResult, ProblemHttpResult>> ListArtefactsAsync(
        [AsParameters] ShellArtefactQuery query, HttpContext http, AuditDbContext db, ListRunner runner, CancellationToken ct) =>
        runner.RunAsync(http, query, (from, to) => ShellArtefactQueries.Filter(db, query, from, to), ShellArtefactQueries.ToItem, ShellArtefactQueries.Columns, ShellArtefactQueries.Values, ct);
}
