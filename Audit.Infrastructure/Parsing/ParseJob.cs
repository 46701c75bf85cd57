using Audit.Infrastructure.Metrics;
using Hangfire;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Audit.Infrastructure.Parsing;

/// <summary>
/// Drains the parse queue. Each pass claims a run of queued batches (skipping ones another worker
/// holds), parses their lines and, in the same transaction, writes the events, the unparsed lines and
/// the per-batch counts and removes the batches from the queue: a killed pass leaves them queued, a
/// re-run finds nothing twice. Claiming and locking the claimed lines' hosts happen under one claim
/// lock (see HostOrderLocks), so passes on any number of instances see each host's lines in order.
/// The id it is started with is the batch that asked for it.
/// </summary>
public sealed class ParseJob(
    NpgsqlDataSource dataSource,
    BatchParser parser,
    ParsedRowsWriter writer,
    ParseStateStore state,
    ParseDispatcher dispatcher,
    IOptions<ParsingOptions> options)
{
    [Queue(ParseDispatcher.Queue)]
    [AutomaticRetry(Attempts = 5)]
    public async Task RunAsync(long batchId, CancellationToken ct)
    {
        dispatcher.Started();
        while (!ct.IsCancellationRequested && await ParseNextChunkAsync(ct) > 0)
        {
        }
    }

    /// <summary>Parses one chunk of queued batches; returns how many lines it took (0 = queue empty).</summary>
    public async Task<int> ParseNextChunkAsync(CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var (rows, session) = parser.Begin();
        List<Claim> claimed;
        await using (await HostOrderLocks.EnterClaimAsync(dataSource, ct))
        {
            claimed = await ClaimAsync(conn, tx, ct);
            if (claimed.Count > 0)
            {
                await foreach (var line in StoredLineReader.ReadBatchesAsync(conn, tx, claimed.Select(c => (c.BatchId, c.ReceivedOn)).ToList(), onlyUnparsed: false, ct))
                {
                    parser.Add(rows, session, line);
                }

                await HostOrderLocks.LockAsync(conn, tx, rows.Hosts, ct);
            }
        }

        if (claimed.Count == 0)
        {
            // Nothing queued: still emit auditd events and sshd connections whose quiet window has passed.
            await state.ApplyAuditAsync(conn, tx, rows, ct);
            await state.ApplySshAsync(conn, tx, rows, ct);
            await writer.PreparePartitionsAsync(rows, ct);
            await writer.WriteAsync(conn, rows, [], ct);
            await tx.CommitAsync(ct);
            return 0;
        }

        await state.ApplyBashArtefactsAsync(conn, tx, rows, ct);
        await state.ApplyAuditAsync(conn, tx, rows, ct);
        await state.ApplySshAsync(conn, tx, rows, ct);
        await writer.PreparePartitionsAsync(rows, ct);
        await writer.WriteAsync(conn, rows, claimed.Select(c => (c.BatchId, c.ReceivedOn, c.EnqueuedAt)), ct);
        await tx.CommitAsync(ct);
        AuditCounters.Add("audit_parse_lines_total", "parsed", rows.Counts.Values.Sum(c => c.Parsed));
        AuditCounters.Add("audit_parse_lines_total", "noise", rows.Counts.Values.Sum(c => c.Noise));
        AuditCounters.Add("audit_parse_lines_total", "unparsed", rows.Counts.Values.Sum(c => c.Unparsed));
        return claimed.Sum(c => c.LineCount);
    }

    private async Task<List<Claim>> ClaimAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        // Batches a pass still holds are skipped; the candidates it reads but leaves are unlocked again
        // (the savepoint), else the next claimer would skip them too and take later batches first.
        var candidates = new List<Claim>();
        await tx.SaveAsync("claim", ct);
        await using (var cmd = new NpgsqlCommand(
            "SELECT batch_id, received_on, line_count, enqueued_at FROM parse_queue ORDER BY batch_id FOR UPDATE SKIP LOCKED LIMIT 64", conn, tx))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                candidates.Add(new Claim(reader.GetInt64(0), reader.GetFieldValue<DateOnly>(1), reader.GetInt32(2), reader.GetFieldValue<DateTimeOffset>(3)));
            }
        }

        await tx.RollbackAsync("claim", ct);

        // Whole batches up to the chunk size (at least one), in order.
        var chosen = new List<Claim>();
        var lines = 0;
        foreach (var c in candidates)
        {
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

    private sealed record Claim(long BatchId, DateOnly ReceivedOn, int LineCount, DateTimeOffset EnqueuedAt);
}
