using Audit.Infrastructure.Database;
using Audit.Infrastructure.Parsing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Audit.Api.Endpoints;

/// <summary>
/// <c>GET /health</c>: 200 when PostgreSQL answers and the schema is current — <c>ok</c>, or
/// <c>degraded</c> with the reason when the parse queue is stuck (a quarantined batch, or the oldest
/// queued batch older than <c>Parsing:MaxQueueAgeSeconds</c>). Degraded stays 200 on purpose: ingest
/// still commits every line, and an orchestrator that restarts the service on 503 would stop that
/// without unsticking anything. 503 when the database is unreachable or the schema is not current.
/// </summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", GetHealthAsync)
            .WithTags("Operations")
            .WithName("Health")
            .WithSummary("Database reachable and schema current; \"degraded\" with a reason when parsing is stuck.")
            .AllowAnonymous();
        return app;
    }

    public static async Task<Results<Ok<HealthStatus>, JsonHttpResult<HealthStatus>>> GetHealthAsync(MigrationRunner migrations, ParseQueue queue, CancellationToken ct)
    {
        int? version;
        ParseQueueStats? stats = null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            version = await migrations.CurrentVersionAsync(timeout.Token);
            if (version == MigrationRunner.LatestVersion) stats = await queue.StatsAsync(timeout.Token);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or OperationCanceledException)
        {
            return TypedResults.Json(new HealthStatus("unavailable", "database unreachable", null, MigrationRunner.LatestVersion), statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        if (version != MigrationRunner.LatestVersion)
        {
            return TypedResults.Json(new HealthStatus("unavailable", "schema not current", version, MigrationRunner.LatestVersion), statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var problem = queue.Problem(stats!);
        return TypedResults.Ok(new HealthStatus(problem is null ? "ok" : "degraded", problem, version, MigrationRunner.LatestVersion, stats));
    }
}
