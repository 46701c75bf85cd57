using Audit.Infrastructure.Database;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Audit.Api.Endpoints;

/// <summary><c>GET /health</c>: 200 when PostgreSQL answers and the schema is current.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", GetHealthAsync)
            .WithTags("Operations")
            .WithName("Health")
            .WithSummary("Database reachable and schema current.")
            .AllowAnonymous();
        return app;
    }

    public static async Task<Results<Ok<HealthStatus>, JsonHttpResult<HealthStatus>>> GetHealthAsync(MigrationRunner migrations, CancellationToken ct)
    {
        int? version;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            version = await migrations.CurrentVersionAsync(timeout.Token);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or OperationCanceledException)
        {
            return TypedResults.Json(new HealthStatus("unavailable", "database unreachable", null, MigrationRunner.LatestVersion), statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        if (version != MigrationRunner.LatestVersion)
        {
            return TypedResults.Json(new HealthStatus("unavailable", "schema not current", version, MigrationRunner.LatestVersion), statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return TypedResults.Ok(new HealthStatus("ok", null, version, MigrationRunner.LatestVersion));
    }
}
