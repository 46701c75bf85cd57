using Audit.Api.Queries;
using Audit.Api.Validation;
using Audit.Infrastructure.Database;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Audit.Api.Endpoints;

/// <summary><c>GET /api/v1/unparsed</c>: kept lines no parser took, with the reason.</summary>
public static class UnparsedEndpoints
{
    public static IEndpointRouteBuilder MapUnparsedEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapReadGroup("Unparsed").MapGet("/unparsed", ListUnparsedAsync).WithName("ListUnparsed")
            .WithSummary("Lines kept but not understood, with the reason; from/to are receive times.")
            .AddEndpointFilter<ValidationFilter<UnparsedQuery>>().ProducesList<UnparsedItem>();
        return app;
    }

    public static Task<Results<Ok<Page<UnparsedItem>>, PushStreamHttpResult, ProblemHttpResult>> ListUnparsedAsync(
        [AsParameters] UnparsedQuery query, HttpContext http, AuditDbContext db, ListRunner runner, CancellationToken ct) =>
        runner.RunAsync(http, query, (from, to) => UnparsedQueries.Filter(db, query, from, to), UnparsedQueries.ToItem, UnparsedQueries.Columns, UnparsedQueries.Values, ct);
}
