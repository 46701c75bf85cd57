using Audit.Api.Auth;
using Audit.Api.Hosting;
using Audit.Api.Queries;
using Audit.Api.Validation;
using Audit.Infrastructure.Database;

namespace Audit.Api.Endpoints;

/// <summary>Every query endpoint sits in such a group: read scope, every query recorded, and answered from the standby when there is one.</summary>
public static class ReadGroups
{
    public static RouteGroupBuilder MapReadGroup(this IEndpointRouteBuilder app, string tag) =>
        app.MapGroup("/api/v1").WithTags(tag).RequireAuthorization(Policies.Read).WithQueryLog().WithReplicaReads();

    /// <summary>
    /// A validated list endpoint with keyset paging and export: <c>GET pattern</c> binds the query
    /// record, runs its validator, and answers a page, or every match as CSV or NDJSON.
    /// </summary>
    public static RouteHandlerBuilder MapList<TQuery, TRow, TItem>(this IEndpointRouteBuilder group, string pattern, ListSource<TQuery, TRow, TItem> source)
        where TQuery : IListQuery
        where TRow : class, IEventRow =>
        group.MapGet(pattern, ([AsParameters] TQuery query, HttpContext http, QueryStore store, ListRunner runner, CancellationToken ct) =>
                runner.RunAsync(http, query, store, source, ct))
            .AddEndpointFilter<ValidationFilter<TQuery>>().ProducesList<TItem>();

    /// <summary>Documents a list endpoint's answers: a JSON page, CSV or NDJSON export, 400 on bad parameters.</summary>
    public static RouteHandlerBuilder ProducesList<TItem>(this RouteHandlerBuilder builder) => builder
        .Produces<Page<TItem>>(StatusCodes.Status200OK, "application/json", "text/csv", "application/x-ndjson")
        .ProducesValidationProblem();
}
