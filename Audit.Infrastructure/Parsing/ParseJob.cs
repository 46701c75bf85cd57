using Audit.Domain.Parsing;
using Audit.Infrastructure.Database;
using Hangfire;
using Npgsql;

namespace Audit.Infrastructure.Parsing;

/// <summary>
/// Drains the parse queue. Each pass claims a run of queued batches (skipping ones another worker
/// holds), parses their lines and, in the same transaction, writes the events, the unparsed lines and
/// the per-batch counts and removes the batches from the queue: a killed pass leaves them queued, a
/// re-run finds nothing twice. The id it is started with is the batch that asked for it.
/// Nothing one line holds may stop the queue: a line PostgreSQL refuses becomes unparsed with the
/// reason (see <see cref="ParsedRowsWriter"/>), a pass that fails otherwise is recorded against its
/// batches, which are retried alone and then quarantined (see <see cref="ParseQueue"/>).
/// Passes on any number of instances lock their hosts in the order they claimed (see HostOrderLocks),
/// so each host's lines are seen in order, while reading and parsing overlap between passes. The
/// commands, which need no state, are copied before the host locks, so the largest write overlaps too.
/// </summary>
public sealed class ParseJob(
    NpgsqlDataSource dataSource,
    BatchParser parser,
    ParsedRowsWriter writer,
    ParseStateStore state,
    ParseDispatcher dispatcher,
    ParseQueue queue)
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

    /// <summary>Parses one chunk of queued batches; returns how many lines it took (0 = nothing claimable).</summary>
    public async Task<int> ParseNextChunkAsync(CancellationToken ct)
    {
        List<ParseClaim> claimed = [];
        try
        {
            return await ParseChunkAsync(c => claimed = c, ct);
        }
        catch (Exception e) when (claimed.Count > 0 && IsStickyFailure(e, ct))
        {
            // The transaction is gone (rolled back with its connection); the batches are queued again.
            await queue.RecordFailureAsync(claimed, $"{e.GetType().Name}: {e.Message}", ct);
            return claimed.Sum(c => c.LineCount);
        }
    }

    /// <summary>A failure the same data would cause again, as opposed to a database that is down or busy (the job's retry covers those).</summary>
    private static bool IsStickyFailure(Exception e, CancellationToken ct) =>
        !ct.IsCancellationRequested && e is not OperationCanceledException and not TimeoutException && e is not NpgsqlException { IsTransient: true }
        && !(e is NpgsqlException and not PostgresException);

    private async Task<int> ParseChunkAsync(Action<List<ParseClaim>> onClaim, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // Derived rows need no WAL flush: the raw lines and the queue are the durable truth, and the
        // queue removal commits with these rows, so a commit lost in a crash leaves the batches queued
        // to be parsed again (ParseCrashTests proves it with a real immediate stop).
        await Sql.ExecAsync(conn, tx, "SET LOCAL synchronous_commit = off", ct);
        var rows = new ParsedRows();
        var session = new ParseSession();
        List<ParseClaim> claimed;
        HostOrderLocks.Turn? turn = null;
        try
        {
            await using (var claim = await HostOrderLocks.EnterClaimAsync(dataSource, ct))
            {
                claimed = await queue.ClaimAsync(conn, tx, ct);
                onClaim(claimed);
                if (claimed.Count > 0) turn = await claim.TakeTurnAsync(ct);
            }

            if (turn is not null)
            {
                // Outside the claim lock: the next pass claims and parses meanwhile.
                await foreach (var line in StoredLineReader.ReadBatchesAsync(conn, tx, claimed.Select(c => (c.BatchId, c.ReceivedOn)).ToList(), onlyUnparsed: false, ct))
                {
                    parser.Add(rows, session, line);
                }

                // While the passes before may still hold these hosts, write what needs none of their state.
                await writer.WriteCommandsAheadAsync(conn, tx, rows, ct);
                await turn.WaitForPreviousAsync(ct);
                await HostOrderLocks.LockAsync(conn, tx, rows.Hosts, ct);
            }
        }
        finally
        {
            if (turn is not null) await turn.DisposeAsync();
        }

        if (claimed.Count == 0)
        {
            // Nothing queued: still emit auditd events and sshd connections whose quiet window has passed.
            await state.ApplyAsync(conn, tx, rows, ct);
            await writer.PreparePartitionsAsync(rows, ct);
            await writer.WriteAsync(conn, tx, rows, [], ct);
            await tx.CommitAsync(ct);
            return 0;
        }

        await state.ApplyAsync(conn, tx, rows, ct);
        await writer.PreparePartitionsAsync(rows, ct);
        await writer.WriteAsync(conn, tx, rows, claimed.Select(c => (c.BatchId, c.ReceivedOn, c.EnqueuedAt)), ct);
        await tx.CommitAsync(ct);
        queue.CountParsed(rows);
        return claimed.Sum(c => c.LineCount);
    }
}
