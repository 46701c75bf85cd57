using System.Diagnostics;
using Npgsql;

namespace Audit.Bench.Pipeline;

/// <summary>
/// The PostgreSQL limit for the accept figure: the accepted text/plain lines written by plain binary COPY, in the
/// same 2,000-line batches and with the same concurrency, one transaction a batch. Columns as the API writes a
/// text/plain line into raw_lines (no dedup key, no fields).
/// </summary>
public static class CopyBench
{
    private const string Columns = "(received_on, id, received_at, host, source, program, shipper_time, time_zone, dedup_key, line, line_bytes, fields)";

    /// <summary>An unindexed table with raw_lines' columns, partitioned by day like it, with today's partition.</summary>
    public static async Task CreatePlainTableAsync(string cs)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await Db.ExecAsync(cs, $"""
            CREATE TABLE bench_plain_copy (LIKE raw_lines INCLUDING DEFAULTS) PARTITION BY RANGE (received_on);
            CREATE TABLE bench_plain_copy_today PARTITION OF bench_plain_copy FOR VALUES FROM ('{today:yyyy-MM-dd}') TO ('{today.AddDays(1):yyyy-MM-dd}');
            """);
    }

    /// <summary>Copies the batches, cycling them until <paramref name="lines"/> lines are written; lines/s.</summary>
    public static async Task<double> RunAsync(string cs, string table, IReadOnlyList<List<LogLine>> batches, long lines, int concurrency, long idBase)
    {
        var count = (int)Math.Max(batches.Count, (lines + batches[0].Count - 1) / batches[0].Count);
        var day = DateOnly.FromDateTime(DateTime.UtcNow);
        var next = -1;
        long written = 0;
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            await using var conn = new NpgsqlConnection(cs);
            await conn.OpenAsync();
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var rows = batches[i % batches.Count];
                var batchId = idBase + i;
                await using var tx = await conn.BeginTransactionAsync();
                await using (var w = await conn.BeginBinaryImportAsync($"COPY {table} {Columns} FROM STDIN (FORMAT BINARY)"))
                {
                    var at = DateTimeOffset.UtcNow;
                    var n = 0;
                    foreach (var row in rows)
                    {
                        await w.WriteRowAsync(default, day, (batchId << 24) | (long)n++, at, row.Host, row.Path, DBNull.Value, DBNull.Value, DBNull.Value, DBNull.Value, row.Line, DBNull.Value, DBNull.Value);
                    }

                    await w.CompleteAsync();
                }

                await tx.CommitAsync();
                Interlocked.Add(ref written, rows.Count);
            }
        })));
        return written / sw.Elapsed.TotalSeconds;
    }
}
