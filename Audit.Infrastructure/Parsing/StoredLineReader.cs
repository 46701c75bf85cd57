using System.Runtime.CompilerServices;
using Npgsql;

namespace Audit.Infrastructure.Parsing;

/// <summary>Reads the raw lines of whole batches back, in id order (the order they were written).</summary>
public static class StoredLineReader
{
    /// <summary>
    /// One primary-key range scan per batch, in the batch's day partition. A plain join of the batch list
    /// with raw_lines lets the planner hash the list on the day and scan the whole day's partition for
    /// every pass — a cost that grows with the day, measured at 2.4 s a pass on 1.25M staged lines
    /// (bench/README.md, Pipeline). <c>OFFSET 0</c> keeps the lateral subquery from being flattened back
    /// into that join.
    /// </summary>
    /// <param name="onlyUnparsed">Only the lines that have an unparsed_lines row (for a reparse of those).</param>
    public static string Sql(bool onlyUnparsed) => $"""
        SELECT r.id, r.received_on, r.received_at, r.host, r.source, r.program, r.shipper_time, r.time_zone, r.line
        FROM unnest(@ids::bigint[], @days::date[]) AS b(id, day)
        CROSS JOIN LATERAL (
            SELECT r.* FROM raw_lines r
            WHERE r.received_on = b.day AND r.id >= (b.id << {Ingest.RawBatchWriter.LineBits}) AND r.id < ((b.id + 1) << {Ingest.RawBatchWriter.LineBits})
              {(onlyUnparsed ? "AND EXISTS (SELECT 1 FROM unparsed_lines u WHERE u.received_on = r.received_on AND u.raw_id = r.id)" : "")}
            OFFSET 0) r
        ORDER BY r.id
        """;

    /// <param name="onlyUnparsed">Only the lines that have an unparsed_lines row (for a reparse of those).</param>
    public static async IAsyncEnumerable<StoredLine> ReadBatchesAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<(long BatchId, DateOnly ReceivedOn)> batches, bool onlyUnparsed, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(Sql(onlyUnparsed), conn, tx);
        cmd.Parameters.AddWithValue("ids", batches.Select(b => b.BatchId).ToArray());
        cmd.Parameters.AddWithValue("days", batches.Select(b => b.ReceivedOn).ToArray());
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            yield return new StoredLine(
                reader.GetInt64(0),
                reader.GetFieldValue<DateOnly>(1),
                reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.GetString(8));
        }
    }
}
