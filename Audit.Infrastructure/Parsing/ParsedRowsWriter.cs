using Audit.Infrastructure.Partitions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Audit.Infrastructure.Parsing;

/// <summary>Writes a parse transaction's rows: partitions first, then the tables, then the per-batch counts.</summary>
public sealed class ParsedRowsWriter(PartitionManager partitions, IOptions<PartitionOptions> options, TimeProvider time)
{
    /// <summary>Creates the day partitions the rows need (outside the caller's transaction).</summary>
    public async Task PreparePartitionsAsync(ParsedRows rows, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var oldest = today.AddDays(-options.Value.MaxBackfillDays);
        var newest = today.AddDays(options.Value.DaysAhead + 1);
        foreach (var group in rows.EventDays().Where(d => d.Day >= oldest && d.Day <= newest).GroupBy(d => d.Table))
        {
            await partitions.EnsureAsync(group.Key, group.Select(g => g.Day), ct);
        }

        var unparsedDays = rows.Unparsed.Select(u => u.Line.ReceivedOn).Distinct().ToList();
        if (unparsedDays.Count > 0) await partitions.EnsureAsync("unparsed_lines", unparsedDays, ct);
    }

    public async Task WriteAsync(NpgsqlConnection conn, ParsedRows rows, IEnumerable<(long BatchId, DateOnly ReceivedOn, DateTimeOffset EnqueuedAt)> batches, CancellationToken ct)
    {
        await EventCopies.WriteAsync(conn, rows, ct);
        var now = time.GetUtcNow();
        await CopyValues.CopyAsync(conn, "COPY batch_parses (batch_id, received_on, parsed_at, lines, parsed, noise, unparsed, lag_ms) FROM STDIN (FORMAT BINARY)",
            batches.ToList(), async (w, b, c) =>
            {
                var counts = rows.Counts.GetValueOrDefault(b.BatchId) ?? new BatchCounts();
                await w.Long(b.BatchId, c); await w.Date(b.ReceivedOn, c); await w.Time(now, c);
                await w.Int(counts.Lines, c); await w.Int(counts.Parsed, c); await w.Int(counts.Noise, c); await w.Int(counts.Unparsed, c);
                await w.Int((int)Math.Clamp((now - b.EnqueuedAt).TotalMilliseconds, 0, int.MaxValue), c);
            }, ct);
    }
}
