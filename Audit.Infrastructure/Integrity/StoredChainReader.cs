using System.Runtime.CompilerServices;
using Npgsql;

namespace Audit.Infrastructure.Integrity;

/// <summary>What the database holds for one batch id: its record, its link, and the content hash of its stored lines.</summary>
public sealed record StoredBatch(long Id, BatchRecord? Record, ChainLink? Link, byte[] ContentHash, int Lines);

/// <summary>
/// Streams the batches of an id range in id order, each with the content hash of its stored lines:
/// batch records and links on one connection, the lines on another, merged by id (one pass over
/// raw_lines, no per-batch round trips). Ids that have a record or a link are listed; ids with
/// neither are not.
/// </summary>
public static class StoredChainReader
{
    private const int LineBits = 24;

    public static async IAsyncEnumerable<StoredBatch> ReadAsync(NpgsqlDataSource db, long afterId, long throughId, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var batchConn = await db.OpenConnectionAsync(ct);
        await using var lineConn = await db.OpenConnectionAsync(ct);
        await using var batchCmd = new NpgsqlCommand("""
            SELECT coalesce(b.id, l.batch_id), b.id IS NOT NULL, b.received_on, b.received_at, b.endpoint, b.key_id, b.line_count, b.accepted, b.duplicates,
                   l.batch_id IS NOT NULL, l.content_hash, l.prev_hash, l.link_hash, l.received_on
            FROM (SELECT * FROM raw_batches WHERE id > @from AND id <= @through) b
            FULL JOIN (SELECT * FROM integrity_links WHERE batch_id > @from AND batch_id <= @through) l ON l.batch_id = b.id
            ORDER BY 1
            """, batchConn);
        batchCmd.Parameters.AddWithValue("from", afterId);
        batchCmd.Parameters.AddWithValue("through", throughId);
        await using var lineCmd = new NpgsqlCommand("""
            SELECT id, received_on, received_at, host, source, program, shipper_time, time_zone, dedup_key, line, line_bytes, fields::text
            FROM raw_lines WHERE id >= @lo AND id < @hi ORDER BY id
            """, lineConn);
        lineCmd.Parameters.AddWithValue("lo", (afterId + 1) << LineBits);
        lineCmd.Parameters.AddWithValue("hi", throughId >= (long.MaxValue >> LineBits) - 1 ? long.MaxValue : (throughId + 1) << LineBits);

        await using var batches = await batchCmd.ExecuteReaderAsync(ct);
        await using var lines = await lineCmd.ExecuteReaderAsync(ct);
        using var hasher = new ChainHasher();
        StoredRawLine? pending = await NextLineAsync(lines, ct);
        while (await batches.ReadAsync(ct))
        {
            var id = batches.GetInt64(0);
            // Lines of ids with neither record nor link (inserted behind the chain's back) are folded into the next listed batch's count of strays.
            while (pending is not null && pending.Id >> LineBits < id) pending = await NextLineAsync(lines, ct);
            var count = 0;
            while (pending is not null && pending.Id >> LineBits == id)
            {
                hasher.AddLine(pending);
                count++;
                pending = await NextLineAsync(lines, ct);
            }

            var record = batches.GetBoolean(1)
                ? new BatchRecord(id, batches.GetFieldValue<DateOnly>(2), Micros(batches.GetDateTime(3)), batches.GetString(4),
                    batches.IsDBNull(5) ? null : batches.GetGuid(5), batches.GetInt32(6), batches.GetInt32(7), batches.GetInt32(8))
                : null;
            var link = batches.GetBoolean(9)
                ? new ChainLink(id, batches.GetFieldValue<DateOnly>(13), batches.GetFieldValue<byte[]>(10), batches.GetFieldValue<byte[]>(11), batches.GetFieldValue<byte[]>(12))
                : null;
            yield return new StoredBatch(id, record, link, hasher.FinishContent(), count);
        }
    }

    internal static long Micros(DateTime utc) => (utc.Ticks - DateTime.UnixEpoch.Ticks) / 10;

    private static async Task<StoredRawLine?> NextLineAsync(NpgsqlDataReader r, CancellationToken ct)
    {
        if (!await r.ReadAsync(ct)) return null;
        return new StoredRawLine(
            r.GetInt64(0), r.GetFieldValue<DateOnly>(1), Micros(r.GetDateTime(2)), r.GetString(3), r.GetString(4),
            r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : Micros(r.GetDateTime(6)), r.IsDBNull(7) ? null : r.GetString(7),
            r.IsDBNull(8) ? null : r.GetGuid(8), r.GetString(9), r.IsDBNull(10) ? null : r.GetFieldValue<byte[]>(10), r.IsDBNull(11) ? null : r.GetString(11));
    }
}
