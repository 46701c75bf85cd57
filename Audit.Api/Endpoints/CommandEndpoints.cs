using System.Text.Json;
using Audit.Api.Auth;
using Audit.Api.Queries;
using Audit.Api.Validation;
using Audit.Infrastructure.Database;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Audit.Api.Endpoints;

/// <summary><c>GET /api/v1/commands</c>: typed shell commands.</summary>
public static class CommandEndpoints
{
    private static readonly string[] Columns = ["time", "host", "user", "runAs", "command", "exitCode", "shellPid", "historyNumber", "shell", "source", "rawId"];

    public static IEndpointRouteBuilder MapCommandEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1").WithTags("Commands").RequireAuthorization(Policies.Read);
        group.MapGet("/commands", ListCommandsAsync)
            .WithName("ListCommands")
            .WithSummary("Typed shell commands (bash, IPython), newest first.")
            .WithDescription("Keyset-paged: pass nextCursor back as cursor. Accept: text/csv or application/x-ndjson streams every match instead of a page.")
            .AddEndpointFilter<ValidationFilter<CommandQuery>>()
            .Produces<Page<CommandItem>>()
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .Produces(StatusCodes.Status200OK, contentType: "application/x-ndjson")
            .ProducesValidationProblem();
        return app;
    }

    public static async Task<Results<Ok<Page<CommandItem>>, PushStreamHttpResult, ProblemHttpResult>> ListCommandsAsync(
        [AsParameters] CommandQuery query,
        HttpContext http,
        AuditDbContext db,
        CursorCodec cursors,
        TimeProvider time,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
        CancellationToken ct)
    {
        PageCursor? after = null;
        if (query.Cursor is { Length: > 0 } text)
        {
            if (!cursors.TryDecode(text, query.Signature, out var c))
            {
                return TypedResults.Problem(detail: "The cursor is invalid, or belongs to a query with other filters.", statusCode: StatusCodes.Status400BadRequest);
            }

            after = c;
        }

        var (from, to) = after is { } a ? (a.From, a.To) : QueryWindow.Resolve(query.From, query.To, time.GetUtcNow());
        var rows = CommandQueries.Filter(db, query, from, to, after);

        var format = Export.FormatOf(http.Request);
        if (format != ExportFormat.Page)
        {
            var all = rows.AsAsyncEnumerable().Select(CommandQueries.ToItem);
            return Export.Stream(format, all, json.Value.SerializerOptions, Columns,
                c => [c.Time, c.Host, c.User, c.RunAs, c.Command, c.ExitCode, c.ShellPid, c.HistoryNumber, c.Shell, c.Source, c.RawId]);
        }

        var limit = query.Limit ?? QueryWindow.DefaultLimit;
        var page = await rows.Take(limit + 1).ToListAsync(ct);
        string? next = null;
        if (page.Count > limit)
        {
            page.RemoveAt(limit);
            var last = page[^1];
            next = cursors.Encode(new PageCursor(last.OccurredAt, last.RawId, from, to), query.Signature);
        }

        return TypedResults.Ok(new Page<CommandItem>(page.Select(CommandQueries.ToItem).ToList(), next));
    }
}
