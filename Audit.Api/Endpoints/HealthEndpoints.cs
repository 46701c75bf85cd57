using Audit.Infrastructure.Database;
using Audit.Infrastructure.Parsing;
using Audit.Infrastructure.Integrity;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Audit.Api.Endpoints;

/// <param name="Status"><c>ok</c>, <c>degraded</c> (serving, but the parse queue is stuck or integrity failed: see <paramref name="Reason"/>) or <c>unavailable</c>.</param>
/// <param name="LeastPrivilege">"on" when the service's login cannot rewrite raw staging (no UPDATE, DELETE or TRUNCATE, not its owner, not a superuser), "off" when it could.</param>
/// <param name="Integrity">The last verification: "ok", "failed" or "not_run".</param>
/// <param name="ParseQueue">The parse queue when the database answered.</param>
/// <param name="Replica">The standby of <c>ConnectionStrings:AuditRead</c>, when one is configured: whether it serves reads now, and its lag.</param>
public sealed record HealthStatus(string Status, string? Reason, int? SchemaVersion, int ExpectedSchemaVersion, string? LeastPrivilege = null, string? Integrity = null,
    ParseQueueStats? ParseQueue = null, ReplicaState? Replica = null);

/// <summary>
/// <c>GET /health</c>: 200 when PostgreSQL answers and the schema is current — <c>ok</c>, or
/// <c>degraded</c> with the reason when the parse queue is stuck (a quarantined batch, or the oldest
/// queued batch older than <c>Parsing:MaxQueueAgeSeconds</c>) or the last integrity verification
/// failed. Degraded stays 200 on purpose: ingest still commits every line, and an orchestrator that
/// restarts the service on 503 would stop that without unsticking anything. 503 when the database is
/// unreachable or the schema is not current. Also says whether the service runs least privilege, and
/// with a standby (<c>ConnectionStrings:AuditRead</c>) its lag; <c>degraded</c> when reads fall back to
/// the primary because the standby is down or further behind than <c>ReadReplica:MaxLagSeconds</c>.
/// </summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", GetHealthAsync)
            .WithTags("Operations")
            .WithName("Health")
            .WithSummary("Database reachable and schema current; \"degraded\" with a reason when parsing is stuck or integrity failed; least privilege.")
            .AllowAnonymous();
        return app;
    }

    public static async Task<Results<Ok<HealthStatus>, JsonHttpResult<HealthStatus>>> GetHealthAsync(
        MigrationRunner migrations, ParseQueue queue, NpgsqlDataSource db, IntegrityStatus integrity, ReadReplica replica, CancellationToken ct)
    {
        int? version;
        bool canRewrite;
        ParseQueueStats? stats = null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            version = await migrations.CurrentVersionAsync(timeout.Token);
            canRewrite = await CanRewriteStagingAsync(db, timeout.Token);
            if (version == MigrationRunner.LatestVersion) stats = await queue.StatsAsync(timeout.Token);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or OperationCanceledException)
        {
            return TypedResults.Json(new HealthStatus("unavailable", "database unreachable", null, MigrationRunner.LatestVersion), statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var leastPrivilege = canRewrite ? "off" : "on";
        var verified = integrity.Last is null ? "not_run" : integrity.Last.Ok ? "ok" : "failed";
        if (version != MigrationRunner.LatestVersion)
        {
            return TypedResults.Json(new HealthStatus("unavailable", "schema not current", version, MigrationRunner.LatestVersion, leastPrivilege, verified), statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        // Still 200 when degraded: shippers keep being accepted; the reason names what is wrong.
        var standby = await replica.ProbeAsync(ct);
        var problem = verified == "failed" ? $"integrity check failed at batch {integrity.Last!.FirstBadBatchId}: {integrity.Last.Problem}" : queue.Problem(stats!);
        problem ??= standby?.Problem is { } lagging ? $"reads go to the primary: {lagging}" : null;
        var reason = problem ?? (canRewrite ? "least privilege: off (the service's login could rewrite raw staging)" : null);
        return TypedResults.Ok(new HealthStatus(problem is null ? "ok" : "degraded", reason, version, MigrationRunner.LatestVersion, leastPrivilege, verified, stats, standby));
    }

    /// <summary>True when the connected login could change or remove staged lines: superuser, owner, or UPDATE/DELETE/TRUNCATE granted.</summary>
    private static async Task<bool> CanRewriteStagingAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            SELECT CASE WHEN to_regclass('raw_lines') IS NULL OR to_regclass('raw_batches') IS NULL THEN true ELSE
                (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
                OR has_table_privilege('raw_lines', 'UPDATE') OR has_table_privilege('raw_lines', 'DELETE') OR has_table_privilege('raw_lines', 'TRUNCATE')
                OR has_table_privilege('raw_batches', 'UPDATE') OR has_table_privilege('raw_batches', 'DELETE') OR has_table_privilege('raw_batches', 'TRUNCATE')
                OR pg_has_role((SELECT relowner FROM pg_class WHERE oid = 'raw_lines'::regclass), 'USAGE') END
            """);
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }
}
