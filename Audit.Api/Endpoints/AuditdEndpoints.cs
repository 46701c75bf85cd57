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
        group.MapGet("/audit-events", ListAuditEventsAsync).WithName("ListAuditEvents")
            .WithSummary("Every assembled auditd event, syscall or user-space, with its decoded fields.")
            .AddEndpointFilter<ValidationFilter<AuditEventQuery>>().ProducesList<AuditEventItem>();
        return app;
    }

    public static Task<Results<Ok<Page<ExecutionItem>>, PushStreamHttpResult, ProblemHttpResult>> ListExecutionsAsync(
        [AsParameters] ExecutionQuery query, HttpContext http, AuditDbContext db, ListRunner runner, CancellationToken ct) =>
        runner.RunAsync(http, query, (from, to) => ExecutionQueries.Filter(db, query, from, to), ExecutionQueries.ToItem, ExecutionQueries.Columns, ExecutionQueries.Values, ct);

    public static Task<Results<Ok<Page<AuditEventItem>>, PushStreamHttpResult, ProblemHttpResult>> ListAuditEventsAsync(
        [AsParameters] AuditEventQuery query, HttpContext http, AuditDbContext db, ListRunner runner, CancellationToken ct) =>
        runner.RunAsync(http, query, (from, to) => AuditEventQueries.Filter(db, query, from, to), AuditEventQueries.ToItem, AuditEventQueries.Columns, AuditEventQueries.Values, ct);
}
