using Audit.Api.Queries;
using Audit.Api.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Audit.Api.Endpoints;

/// <summary><c>GET /api/v1/timeline</c> and <c>GET /api/v1/search</c>: every kind merged in time order.</summary>
public static class TimelineEndpoints
{
    public static IEndpointRouteBuilder MapTimelineEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapReadGroup("Timeline");
        group.MapGet("/timeline", TimelineAsync).WithName("Timeline")
            .WithSummary("Everything a user and/or host did, every kind merged, newest first.")
            .AddEndpointFilter<ValidationFilter<TimelineQuery>>().ProducesList<TimelineItem>();
        group.MapGet("/search", SearchAsync).WithName("Search")
            .WithSummary("Substring search across commands, executions, sudo commands and app events.")
            .AddEndpointFilter<ValidationFilter<SearchQuery>>().ProducesList<TimelineItem>();
        return app;
    }

    public static Task<Results<Ok<Page<TimelineItem>>, PushStreamHttpResult, ProblemHttpResult>> TimelineAsync(
        [AsParameters] TimelineQuery query, HttpContext http, UnionRunner runner, CancellationToken ct) =>
        runner.RunAsync(http, query, UnionRunner.KindsOf(query.Kinds), query.Host, query.User, null, ct);

    public static Task<Results<Ok<Page<TimelineItem>>, PushStreamHttpResult, ProblemHttpResult>> SearchAsync(
        [AsParameters] SearchQuery query, HttpContext http, UnionRunner runner, CancellationToken ct) =>
        runner.RunAsync(http, query, UnionRunner.KindsOf(query.Kinds), query.Host, query.User, LikePattern.Contains(query.Q!), ct);
}
