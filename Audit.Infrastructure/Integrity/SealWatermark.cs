using Npgsql;

namespace Audit.Infrastructure.Integrity;

/// <summary>
/// Which batch ids are final. A writer takes a shared transaction-level advisory lock and then its
/// batch id, inside its transaction. The sealer reads the sequence's last id, then lists the
/// transactions holding that lock, and waits until they ended: every id up to the one it read is
/// then committed or never will be, and the chain can take those batches in id order without
/// ingest ever waiting on the sealer.
/// </summary>
public static class SealWatermark
{
    public const string NextBatchIdSql = "SELECT nextval('raw_batch_id_seq') FROM (SELECT pg_advisory_xact_lock_shared(4155, 2401)) marker";

    /// <summary>The highest id that is final, or null when writers holding lower ids did not finish within <paramref name="wait"/>.</summary>
    public static async Task<long?> ReadAsync(NpgsqlConnection conn, TimeSpan wait, TimeProvider time, CancellationToken ct)
    {
        long last;
        await using (var cmd = new NpgsqlCommand("SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM raw_batch_id_seq", conn))
        {
            last = (long)(await cmd.ExecuteScalarAsync(ct))!;
        }

        string[] writers;
        await using (var cmd = new NpgsqlCommand("""
            SELECT coalesce(array_agg(virtualtransaction), '{}') FROM pg_locks
            WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND classid = 4155 AND objid = 2401 AND objsubid = 2 AND granted
            """, conn))
        {
            writers = (string[])(await cmd.ExecuteScalarAsync(ct))!;
        }

        var deadline = time.GetUtcNow() + wait;
        while (writers.Length > 0)
        {
            await using var cmd = new NpgsqlCommand("""
                SELECT coalesce(array_agg(virtualtransaction), '{}') FROM pg_locks
                WHERE locktype = 'advisory' AND classid = 4155 AND objid = 2401 AND objsubid = 2 AND virtualtransaction = ANY(@w)
                """, conn);
            cmd.Parameters.AddWithValue("w", writers);
            writers = (string[])(await cmd.ExecuteScalarAsync(ct))!;
            if (writers.Length == 0) break;
            if (time.GetUtcNow() > deadline) return null;
            await Task.Delay(20, ct);
        }

        return last;
    }
}
