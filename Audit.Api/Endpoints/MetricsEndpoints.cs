using System.Globalization;
using System.Text;
using Audit.Api.Auth;
using Audit.Api.Ingest;
using Audit.Infrastructure.Ingest;
using Audit.Infrastructure.Metrics;
using Audit.Infrastructure.Parsing;
using Npgsql;

namespace Audit.Api.Endpoints;

/// <summary>
/// <c>GET /metrics</c>: Prometheus text exposition of ingest rate, parse backlog and lag, parse
/// outcomes (unparsed = failures), waiting auditd records, shipper push-backs, the parse queue's oldest
/// batch and quarantine, and parse failures (lines PostgreSQL refused, failed passes). Read scope
/// (Prometheus sends the key as a bearer/Basic password).
/// </summary>
public static class MetricsEndpoints
{
    public static IEndpointRouteBuilder MapMetricsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics", GetMetricsAsync).WithTags("Operations").WithName("Metrics")
            .WithSummary("Prometheus metrics: ingest, backlog, lag, parse outcomes.").RequireAuthorization(Policies.Read);
        return app;
    }

    public static async Task<Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult> GetMetricsAsync(
        AuditCounters counters, BacklogMonitor backlog, PushbackCounter pushbacks, NpgsqlDataSource db, ParseQueue queue, Audit.Infrastructure.Integrity.IntegrityStatus integrity, CancellationToken ct)
    {
        var sb = new StringBuilder();
        var snapshot = counters.Snapshot().ToList();
        foreach (var group in snapshot.GroupBy(c => c.Name))
        {
            sb.Append("# TYPE ").Append(group.Key).Append(" counter\n");
            var label = group.Key.StartsWith("audit_parse", StringComparison.Ordinal) ? "status" : group.Key.EndsWith("refused_total", StringComparison.Ordinal) ? "reason" : "endpoint";
            foreach (var (name, value, count) in group) sb.Append(CultureInfo.InvariantCulture, $"{name}{{{label}=\"{value}\"}} {count}\n");
        }

        sb.Append("# TYPE audit_shipper_pushbacks_total counter\n");
        foreach (var kind in Enum.GetValues<ShipperKind>())
        {
            sb.Append(CultureInfo.InvariantCulture, $"audit_shipper_pushbacks_total{{shipper=\"{kind.ToString().ToLowerInvariant()}\"}} {pushbacks.Count(kind)}\n");
        }

        Gauge(sb, "audit_parse_backlog_lines", "Lines accepted and waiting to be parsed.", backlog.BacklogLines);
        Gauge(sb, "audit_database_up", "1 when PostgreSQL answers.", backlog.DatabaseUp ? 1 : 0);
        await using (var cmd = db.CreateCommand("""
            SELECT coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY lag_ms), 0), coalesce(max(lag_ms), 0),
                   (SELECT count(*) FROM audit_pending)
            FROM batch_parses WHERE parsed_at > now() - interval '5 minutes'
            """))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            await r.ReadAsync(ct);
            Gauge(sb, "audit_parse_lag_seconds_p50", "Median accept-to-queryable lag of the batches parsed in the last 5 minutes.", r.GetDouble(0) / 1000);
            Gauge(sb, "audit_parse_lag_seconds_max", "Longest accept-to-queryable lag of the batches parsed in the last 5 minutes.", r.GetInt32(1) / 1000.0);
            Gauge(sb, "audit_auditd_pending_records", "auditd records waiting for the rest of their event.", r.GetInt64(2));
        }

        var stats = await queue.StatsAsync(ct);
        Gauge(sb, "audit_parse_queue_oldest_seconds", "Age of the oldest batch waiting to be parsed (quarantined ones aside).", stats.OldestQueuedSeconds);
        Gauge(sb, "audit_parse_quarantined_batches", "Batches the parser set aside after repeated failures (GET /api/v1/admin/parse-queue).", stats.QuarantinedBatches);
        if (!snapshot.Any(c => c.Name == "audit_parse_failures_total"))
        {
            sb.Append("# TYPE audit_parse_failures_total counter\naudit_parse_failures_total{status=\"line_not_storable\"} 0\naudit_parse_failures_total{status=\"batch_pass_failed\"} 0\n");
        }

        Gauge(sb, "audit_integrity_verified", "1 when the last verification of the chain held, 0 when it failed, -1 before the first.", integrity.Last is null ? -1 : integrity.Last.Ok ? 1 : 0);
        Gauge(sb, "audit_integrity_verified_lines", "Lines the last verification re-hashed.", integrity.Last?.CheckedLines ?? 0);
        Gauge(sb, "audit_integrity_verify_lines_per_second", "How fast the last verification re-hashed lines.", integrity.LastLinesPerSecond);
        Gauge(sb, "audit_integrity_last_verify_timestamp_seconds", "When the last verification ran (Unix time).", integrity.LastAt?.ToUnixTimeSeconds() ?? 0);
        return TypedResults.Text(sb.ToString(), "text/plain; version=0.0.4; charset=utf-8");
    }

    private static void Gauge(StringBuilder sb, string name, string help, double value) =>
        sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append("\n# TYPE ").Append(name).Append(" gauge\n")
          .Append(name).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
}
