using Audit.Api.Queries;
using Audit.Api.Validation;
using Audit.Infrastructure.Database;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Audit.Api.Endpoints;

/// <summary><c>/api/v1/executions</c> and <c>/api/v1/audit-events</c>: what auditd saw.</summary>
public static class AuditdEndpoints
{
    public static IEndpointRouteBuilder MapAuditdEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapReadGroup("auditd");
        group.MapGet("/executions", ListExecutionsAsync).WithName("ListExecutions")
            .WithSummary("Program executions (execve), with the login user behind them — also what ran as root after sudo.")
            .AddEndpointFilter<ValidationFilter<ExecutionQuery>>().ProducesList<ExecutionItem>();
        group.MapGet("/executions/{id}/ancestry", GetAncestryAsync).WithName("GetExecutionAncestry")
            .WithSummary("Where an execution came from: its parent executions up to the login's shell, then the login and its sshd process.")
            .Produces<ExecutionAncestry>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/audit-events", ListAuditEventsAsync).WithName("ListAuditEvents")
            .WithSummary("Every assembled auditd event, syscall or user-space, with its decoded fields.")
            .AddEndpointFilter<ValidationFilter<AuditEventQuery>>().ProducesList<AuditEventItem>();
        return app;
    }

    public static Task<Results<Ok<Page<ExecutionItem>>, PushStreamHttpResult, ProblemHttpResult>> ListExecutionsAsync(
        [AsParameters] ExecutionQuery query, HttpContext http, AuditDbContext db, Npgsql.NpgsqlDataSource dataSource, ListRunner runner, CancellationToken ct) =>
        runner.RunAsync(http, query, (from, to) => ExecutionQueries.Filter(db, query, from, to),
            (rows, c) => ExecutionQueries.WithParentsAsync(dataSource, rows, c), ExecutionQueries.Columns, ExecutionQueries.Values, ct);

    /// <param name="id">The execution's id from /executions.</param>
    /// <param name="depth">Most parent steps to walk (default 32, at most 256).</param>
    public static async Task<Results<Ok<ExecutionAncestry>, ProblemHttpResult>> GetAncestryAsync(string id, int? depth, AuditDbContext db, CancellationToken ct)
    {
        if (depth is < 1 or > ExecutionAncestryQueries.MaxDepth)
        {
            return TypedResults.Problem(detail: $"'depth' must be between 1 and {ExecutionAncestryQueries.MaxDepth}.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (!ExecutionQueries.TryParseId(id, out var time, out var rawId, out var serial)) return TypedResults.Problem(detail: "Not an execution id.", statusCode: StatusCodes.Status400BadRequest);
        var ancestry = await ExecutionAncestryQueries.LoadAsync(db, time, rawId, serial, depth ?? ExecutionAncestryQueries.DefaultDepth, ct);
        return ancestry is null ? TypedResults.Problem(detail: $"No execution {id}.", statusCode: StatusCodes.Status404NotFound) : TypedResults.Ok(ancestry);
    }

    public static Task<Results<Ok<Page<AuditEventItem>>, PushStreamHttpResult, ProblemHttpResult>> ListAuditEventsAsync(
        [AsParameters] AuditEventQuery query, HttpContext http, AuditDbContext db, ListRunner runner, CancellationToken ct) =>
        runner.RunAsync(http, query, (from, to) => AuditEventQueries.Filter(db, query, from, to), AuditEventQueries.ToItem, AuditEventQueries.Columns, AuditEventQueries.Values, ct);
}
