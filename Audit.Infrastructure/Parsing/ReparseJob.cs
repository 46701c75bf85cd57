using Audit.Domain.Parsing;
using Audit.Infrastructure.Database;
using Hangfire;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Audit.Infrastructure.Parsing;

/// <summary>
/// Reprocesses the raw lines received in a time range (all of them, or only those left unparsed)
/// after a parser improved. Each chunk of batches is one transaction: the rows derived from those
/// lines are deleted and written anew, so a killed or repeated run never duplicates anything. Batches
/// still waiting in the parse queue are left to the parse job. Judged on their own: shell artefacts
/// and auditd events are rebuilt from the reparsed lines alone (live state is not touched).
/// </summary>
public sealed class ReparseJob(
    NpgsqlDataSource dataSource,
    BatchParser parser,
    ParsedRowsWriter writer,
    ParseStateStore state,
    IOptions<ParsingOptions> options,
    TimeProvider time)
{
    /// <summary>
    /// Runs the request to its end: finished, or failed with its error recorded (finished_at set,
    /// error filled; an admin asks again). Not retried by Hangfire: lines PostgreSQL refuses are
    /// isolated as unparsed, so what is left to fail would fail again.
    /// </summary>
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public async Task RunAsync(long requestId, CancellationToken ct)
    {
        var (from, to, onlyUnparsed) = await StartAsync(requestId, ct);
        long after = 0, lines = 0;
        var batches = 0;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var chunk = await NextBatchesAsync(from, to, after, ct);
                if (chunk.Count == 0) break;
                lines += await ReparseChunkAsync(chunk, onlyUnparsed, ct);
                after = chunk[^1].BatchId;
                batches += chunk.Count;
                await ExecAsync("UPDATE reparse_requests SET batches = @b, lines = @l WHERE id = @id", ct, ("b", batches), ("l", lines), ("id", requestId));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var error = $"after {batches} batches: {e.GetType().Name}: {e.Message}";
            await ExecAsync("UPDATE reparse_requests SET finished_at = @at, error = @e WHERE id = @id", CancellationToken.None,
                ("at", time.GetUtcNow()), ("e", error.Length <= 2000 ? error : error[..2000]), ("id", requestId));
            throw;
        }

        await ExecAsync("UPDATE reparse_requests SET finished_at = @at, error = NULL WHERE id = @id", ct, ("at", time.GetUtcNow()), ("id", requestId));
    }

    private async Task<(DateTimeOffset From, DateTimeOffset To, bool OnlyUnparsed)> StartAsync(long requestId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("""
            UPDATE reparse_requests SET started_at = coalesce(started_at, @at), finished_at = NULL, error = NULL, batches = 0, lines = 0 WHERE id = @id
            RETURNING received_from, received_to, only_unparsed
            """);
        cmd.Parameters.AddWithValue("at", time.GetUtcNow());
        cmd.Parameters.AddWithValue("id", requestId);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) throw new InvalidOperationException($"No reparse request {requestId}.");
        return (r.GetFieldValue<DateTimeOffset>(0), r.GetFieldValue<DateTimeOffset>(1), r.GetBoolean(2));
    }

    private async Task<List<(long BatchId, DateOnly ReceivedOn, int Lines)>> NextBatchesAsync(DateTimeOffset from, DateTimeOffset to, long after, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("""
            SELECT b.id, b.received_on, b.accepted FROM raw_batches b
            WHERE b.received_on >= @fromDay AND b.received_on <= @toDay AND b.received_at >= @from AND b.received_at <= @to
              AND b.id > @after AND b.accepted > 0 AND NOT EXISTS (SELECT 1 FROM parse_queue q WHERE q.batch_id = b.id)
            ORDER BY b.id LIMIT 64
            """);
        cmd.Parameters.AddWithValue("fromDay", DateOnly.FromDateTime(from.UtcDateTime));
        cmd.Parameters.AddWithValue("toDay", DateOnly.FromDateTime(to.UtcDateTime));
        cmd.Parameters.AddWithValue("from", from);
        cmd.Parameters.AddWithValue("to", to);
        cmd.Parameters.AddWithValue("after", after);
        var chunk = new List<(long, DateOnly, int)>();
        var total = 0;
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var lines = r.GetInt32(2);
            if (chunk.Count > 0 && total + lines > options.Value.ChunkLines) break;
            chunk.Add((r.GetInt64(0), r.GetFieldValue<DateOnly>(1), lines));
            total += lines;
        }

        return chunk;
    }

    private async Task<int> ReparseChunkAsync(List<(long BatchId, DateOnly ReceivedOn, int Lines)> chunk, bool onlyUnparsed, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var ids = chunk.Select(c => c.BatchId).ToArray();
        // Two reparses over the same batches take turns.
        await Sql.ExecAsync(conn, tx, "SELECT pg_advisory_xact_lock(hashtextextended('reparse:' || b, 0)) FROM unnest(@ids) AS b ORDER BY b", ct, ("ids", ids));

        var rows = new ParsedRows();
        var session = new ParseSession();
        await foreach (var line in StoredLineReader.ReadBatchesAsync(conn, tx, chunk.Select(c => (c.BatchId, c.ReceivedOn)).ToList(), onlyUnparsed, ct))
        {
            parser.Add(rows, session, line);
        }

        var count = rows.Counts.Values.Sum(c => c.Lines);
        var tables = onlyUnparsed ? [Tables.UnparsedLines] : Tables.Derived;
        foreach (var table in tables)
        {
            await Sql.ExecAsync(conn, tx, $"DELETE FROM {table.Name} t USING unnest(@ids) AS b(id) WHERE t.raw_id >= (b.id << {Ingest.RawBatchWriter.LineBits}) AND t.raw_id < ((b.id + 1) << {Ingest.RawBatchWriter.LineBits})", ct, ("ids", ids));
        }

        await state.ApplyDetachedAsync(conn, tx, rows, ct);
        await writer.PreparePartitionsAsync(rows, ct);
        if (onlyUnparsed)
        {
            await writer.WriteEventsAsync(conn, tx, rows, ct);
            foreach (var (batchId, c) in rows.Counts)
            {
                await Sql.ExecAsync(conn, tx, "UPDATE batch_parses SET parsed = parsed + @p, noise = noise + @n, unparsed = unparsed - @l + @u WHERE batch_id = @b", ct,
                    ("p", c.Parsed), ("n", c.Noise), ("l", c.Lines), ("u", c.Unparsed), ("b", batchId));
            }
        }
        else
        {
            await Sql.ExecAsync(conn, tx, "DELETE FROM batch_parses WHERE batch_id = ANY(@ids)", ct, ("ids", ids));
            var now = time.GetUtcNow();
            await writer.WriteAsync(conn, tx, rows, chunk.Select(c => (c.BatchId, c.ReceivedOn, now)), ct);
        }

        await tx.CommitAsync(ct);
        return count;
    }

    private async Task ExecAsync(string sql, CancellationToken ct, params (string Name, object Value)[] args)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await Sql.ExecAsync(conn, null, sql, ct, args);
    }
}
