using Audit.Infrastructure.Database;
using Audit.Infrastructure.Metrics;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Audit.Infrastructure.Parsing;

/// <summary>A queued batch as claimed by a parse pass.</summary>
public sealed record ParseClaim(long BatchId, DateOnly ReceivedOn, int LineCount, DateTimeOffset EnqueuedAt, int Attempts);

/// <summary>A batch kept out of the parse queue's way after failing <see cref="ParsingOptions.MaxAttempts"/> passes.</summary>
public sealed record QuarantinedBatch(long BatchId, DateOnly ReceivedOn, int LineCount, DateTimeOffset EnqueuedAt, int Attempts, string? LastError, DateTimeOffset QuarantinedAt);

/// <summary>How the queue stands: for <c>/metrics</c> and <c>/health</c>.</summary>
public sealed record ParseQueueStats(long QueuedBatches, double OldestQueuedSeconds, long QuarantinedBatches);

/// <summary>
/// The parse queue's bookkeeping. A pass claims whole batches in id order; a batch that failed a pass
/// is claimed alone from then on (so it cannot fail its neighbours again), after a growing wait, and
/// after <see cref="ParsingOptions.MaxAttempts"/> failures it is quarantined: still listed, no longer
/// claimed, until an admin retries it. The batches behind it flow meanwhile.
/// </summary>
public sealed class ParseQueue(NpgsqlDataSource dataSource, AuditCounters counters, IOptions<ParsingOptions> options, TimeProvider time)
{
    public async Task<List<ParseClaim>> ClaimAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        // Batches a pass still holds are skipped; the candidates read but left are unlocked again (the
        // savepoint), else the next claimer would skip them too and take later batches first. Callers
        // claim under HostOrderLocks' claim lock, so nobody takes them between the rollback and the delete.
        var candidates = new List<ParseClaim>();
        await tx.SaveAsync("claim", ct);
        await using (var cmd = new NpgsqlCommand("""
            SELECT batch_id, received_on, line_count, enqueued_at, attempts FROM parse_queue
            WHERE quarantined_at IS NULL AND (not_before IS NULL OR not_before <= @now)
            ORDER BY batch_id FOR UPDATE SKIP LOCKED LIMIT 64
            """, conn, tx))
        {
            cmd.Parameters.AddWithValue("now", time.GetUtcNow());
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                candidates.Add(new ParseClaim(reader.GetInt64(0), reader.GetFieldValue<DateOnly>(1), reader.GetInt32(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetInt32(4)));
            }
        }

        await tx.RollbackAsync("claim", ct);

        // Whole batches up to the chunk size (at least one), in order; a batch that failed before goes alone.
        var chosen = new List<ParseClaim>();
        var lines = 0;
        foreach (var c in candidates)
        {
            if (c.Attempts > 0)
            {
                if (chosen.Count > 0) continue;
                chosen.Add(c);
                break;
            }

            if (chosen.Count > 0 && lines + c.LineCount > options.Value.ChunkLines) break;
            chosen.Add(c);
            lines += c.LineCount;
        }

        if (chosen.Count == 0) return chosen;
        await using var delete = new NpgsqlCommand("DELETE FROM parse_queue WHERE batch_id = ANY(@ids)", conn, tx);
        delete.Parameters.AddWithValue("ids", chosen.Select(c => c.BatchId).ToArray());
        await delete.ExecuteNonQueryAsync(ct);
        return chosen;
    }

    /// <summary>
    /// Records a failed pass over <paramref name="claims"/> (their transaction was rolled back, so they
    /// are queued again). A pass of several batches does not say which one failed: each is retried
    /// alone at once. A batch that failed alone waits, and is quarantined after the last attempt.
    /// </summary>
    public async Task RecordFailureAsync(IReadOnlyList<ParseClaim> claims, string error, CancellationToken ct)
    {
        var o = options.Value;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await Sql.ExecAsync(conn, null, """
            UPDATE parse_queue SET attempts = attempts + 1, last_error = @error,
                not_before = CASE WHEN @alone THEN @now + make_interval(secs => @delay * power(2, least(attempts, 16))) END,
                quarantined_at = CASE WHEN @alone AND attempts + 1 >= @max THEN @now END
            WHERE batch_id = ANY(@ids)
            """, ct, ("error", error.Length <= 2000 ? error : error[..2000]), ("alone", claims.Count == 1), ("now", time.GetUtcNow()),
            ("delay", (double)o.RetryDelaySeconds), ("max", o.MaxAttempts), ("ids", claims.Select(c => c.BatchId).ToArray()));
        counters.Add("audit_parse_failures_total", "batch_pass_failed", claims.Count);
    }

    /// <summary>Counts the outcomes of a committed pass's lines (their batches have left the queue).</summary>
    public void CountParsed(ParsedRows rows)
    {
        counters.Add("audit_parse_lines_total", "parsed", rows.Counts.Values.Sum(c => c.Parsed));
        counters.Add("audit_parse_lines_total", "noise", rows.Counts.Values.Sum(c => c.Noise));
        counters.Add("audit_parse_lines_total", "unparsed", rows.Counts.Values.Sum(c => c.Unparsed));
    }

    /// <summary>Puts a quarantined batch back in the queue for one more (lone) attempt; false when it is not quarantined.</summary>
    public async Task<bool> RetryAsync(long batchId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("""
            UPDATE parse_queue SET quarantined_at = NULL, not_before = NULL, attempts = greatest(@max - 1, 1)
            WHERE batch_id = @id AND quarantined_at IS NOT NULL
            """);
        cmd.Parameters.AddWithValue("max", options.Value.MaxAttempts);
        cmd.Parameters.AddWithValue("id", batchId);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>
    /// The clock quiet windows run on: now, or, while batches that came in earlier still wait (a backlog,
    /// a batch backing off after a failed pass), the time the oldest of them came in. Held auditd records
    /// and sshd lines are only quiet when nothing that could continue them is still unparsed; else a parse
    /// lag longer than the window would cut every event and connection that a batch boundary splits.
    /// </summary>
    public static async Task<DateTimeOffset> QuietClockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, DateTimeOffset now, IEnumerable<long> parsing, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT min(enqueued_at) FROM parse_queue WHERE quarantined_at IS NULL AND batch_id <> ALL(@parsing)", conn, tx);
        cmd.Parameters.AddWithValue("parsing", parsing.ToArray());
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return r.IsDBNull(0) ? now : Min(now, r.GetFieldValue<DateTimeOffset>(0));
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    public async Task<List<QuarantinedBatch>> QuarantinedAsync(CancellationToken ct)
    {
        var list = new List<QuarantinedBatch>();
        await using var cmd = dataSource.CreateCommand("""
            SELECT batch_id, received_on, line_count, enqueued_at, attempts, last_error, quarantined_at
            FROM parse_queue WHERE quarantined_at IS NOT NULL ORDER BY batch_id LIMIT 1000
            """);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add(new QuarantinedBatch(r.GetInt64(0), r.GetFieldValue<DateOnly>(1), r.GetInt32(2), r.GetFieldValue<DateTimeOffset>(3), r.GetInt32(4),
                r.IsDBNull(5) ? null : r.GetString(5), r.GetFieldValue<DateTimeOffset>(6)));
        }

        return list;
    }

    public async Task<ParseQueueStats> StatsAsync(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("""
            SELECT count(*) FILTER (WHERE quarantined_at IS NULL), min(enqueued_at) FILTER (WHERE quarantined_at IS NULL),
                   count(*) FILTER (WHERE quarantined_at IS NOT NULL)
            FROM parse_queue
            """);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        var oldest = r.IsDBNull(1) ? 0 : Math.Max(0, (time.GetUtcNow() - r.GetFieldValue<DateTimeOffset>(1)).TotalSeconds);
        return new ParseQueueStats(r.GetInt64(0), oldest, r.GetInt64(2));
    }

    /// <summary>A stuck queue in words (for <c>/health</c>), or null when it flows.</summary>
    public string? Problem(ParseQueueStats stats)
    {
        var bound = options.Value.MaxQueueAgeSeconds;
        var parts = new List<string>();
        if (stats.QuarantinedBatches > 0) parts.Add($"{stats.QuarantinedBatches} batch(es) quarantined by the parser (GET /api/v1/admin/parse-queue)");
        if (stats.OldestQueuedSeconds > bound) parts.Add($"the oldest queued batch has waited {stats.OldestQueuedSeconds:0} s (bound {bound} s)");
        return parts.Count == 0 ? null : string.Join("; ", parts);
    }
}
