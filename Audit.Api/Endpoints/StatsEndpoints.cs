using Audit.Api.Queries;
using Audit.Api.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Audit.Api.Endpoints;

/// <summary><c>GET /api/v1/stats/summary</c>.</summary>
public static class StatsEndpoints
{
    public static IEndpointRouteBuilder MapStatsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapReadGroup("Stats").MapGet("/stats/summary", SummaryAsync).WithName("StatsSummary")
            .WithSummary("Counts by kind, top users and hosts, failed login attempts by source IP (one per wrong password or key, not per line), unparsed lines — over a window (default the last 24 h).")
            .AddEndpointFilter<ValidationFilter<StatsQuery>>()
            .Produces<StatsSummary>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    public static async Task<Results<Ok<StatsSummary>, ProblemHttpResult>> SummaryAsync([AsParameters] StatsQuery query, NpgsqlDataSource db, TimeProvider time, CancellationToken ct)
    {
        var (from, to) = QueryWindow.Resolve(query.From, query.To, time.GetUtcNow());
        if (QueryWindow.TooLong(from, to) is { } tooLong) return tooLong;
        return TypedResults.Ok(await StatsQueries.SummaryAsync(db, from, to, string.IsNullOrEmpty(query.Host) ? null : query.Host, query.Top ?? 10, ct));
    }
}
