using Audit.Api.Auth;
using Audit.Api.Hosting;
using Audit.Api.Queries;

namespace Audit.Api.Endpoints;

/// <summary>Every query endpoint sits in such a group: read scope, every query recorded, and answered from the standby when there is one.</summary>
public static class ReadGroups
{
    public static RouteGroupBuilder MapReadGroup(this IEndpointRouteBuilder app, string tag) =>
        app.MapGroup("/api/v1").WithTags(tag).RequireAuthorization(Policies.Read).WithQueryLog().WithReplicaReads();

    /// <summary>Documents a list endpoint's answers: a JSON page, CSV or NDJSON export, 400 on bad parameters.</summary>
    public static RouteHandlerBuilder ProducesList<TItem>(this RouteHandlerBuilder builder) => builder
        .Produces<Page<TItem>>(StatusCodes.Status200OK, "application/json", "text/csv", "application/x-ndjson")
        .ProducesValidationProblem();
}
