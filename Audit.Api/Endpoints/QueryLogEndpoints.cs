using Audit.Api.Auth;
using Audit.Api.Queries;
using Audit.Api.Validation;
using Audit.Infrastructure.Database;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Audit.Api.Endpoints;

/// <summary><c>GET /api/v1/admin/query-log</c>: the audit of the auditors (admin only; also recorded).</summary>
public static class QueryLogEndpoints
{
    public static IEndpointRouteBuilder MapQueryLogEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/admin").WithTags("Admin").RequireAuthorization(Policies.Admin).WithQueryLog()
            .MapGet("/query-log", ListAsync).WithName("ListQueryLog")
            .WithSummary("Every query against the audit store: who asked what, when, how many rows.")
            .AddEndpointFilter<ValidationFilter<QueryLogQuery>>().ProducesList<QueryLogItem>();
        return app;
    }

    public static Task<Results<Ok<Page<QueryLogItem>>, PushStreamHttpResult, ProblemHttpResult>> ListAsync(
        [AsParameters] QueryLogQuery query, HttpContext http, AuditDbContext db, ListRunner runner, CancellationToken ct) =>
        runner.RunAsync(http, query, (from, to) => QueryLogQueries.Filter(db, query, from, to), QueryLogQueries.ToItem, QueryLogQueries.Columns, QueryLogQueries.Values, ct);
}
