using Audit.Infrastructure.Database;
using Audit.Infrastructure.Metrics;
using Audit.Infrastructure.Partitions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Audit.Infrastructure.Parsing;

/// <summary>
/// Writes a parse transaction's rows: partitions first, then the tables, then the per-batch counts.
/// A line PostgreSQL refuses (a value it cannot index or store) must not sink its chunk: the tables
/// are written under a savepoint, and a failing part is split in halves until the refused lines are
/// isolated; those become unparsed rows with PostgreSQL's reason, everything else is stored.
/// </summary>
public sealed class ParsedRowsWriter(PartitionManager partitions, AuditCounters counters, IOptions<PartitionOptions> options, TimeProvider time)
{
    private int _savepoint;

    /// <summary>
    /// Creates the day partitions the rows need (outside the caller's transaction), within the window
    /// of <see cref="PartitionOptions"/> and at most <see cref="PartitionOptions.MaxNewPerPass"/> new
    /// ones per table; rows of other days go to the DEFAULT partition.
    /// </summary>
    public async Task PreparePartitionsAsync(ParsedRows rows, CancellationToken ct)
    {
        // Commands written ahead had theirs prepared then (and are no longer in rows.Commands).
        await PrepareEventPartitionsAsync(rows, _ => true, ct);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var o = options.Value;
        var unparsedDays = rows.Unparsed.Select(u => u.Line.ReceivedOn).Distinct().ToList();
        if (unparsedDays.Count > 0) await partitions.EnsureAsync(Tables.UnparsedLines.Name, unparsedDays, ct, o.MaxNewPerPass, today);
    }

    private async Task PrepareEventPartitionsAsync(ParsedRows rows, Func<string, bool> tables, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var o = options.Value;
        var oldest = o.OldestOwnDay(today);
        var newest = o.NewestOwnDayExclusive(today);
        foreach (var group in rows.EventDays().Where(d => d.Day >= oldest && d.Day < newest && tables(d.Table)).GroupBy(d => d.Table))
        {
            await partitions.EnsureAsync(group.Key, group.Select(g => g.Day), ct, o.MaxNewPerPass, today);
        }
    }

    public async Task WriteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ParsedRows rows, IEnumerable<(long BatchId, DateOnly ReceivedOn, DateTimeOffset EnqueuedAt)> batches, CancellationToken ct)
    {
        await WriteEventsAsync(conn, tx, rows, ct);
        var now = time.GetUtcNow();
        await TableCopy.CopyAsync(conn, Tables.BatchParses, batches.ToList(), async (w, b, c) =>
            {
                var counts = rows.Counts.GetValueOrDefault(b.BatchId) ?? new BatchCounts();
                await w.Long(b.BatchId, c); await w.Date(b.ReceivedOn, c); await w.Time(now, c);
                await w.Int(counts.Lines, c); await w.Int(counts.Parsed, c); await w.Int(counts.Noise, c); await w.Int(counts.Unparsed, c);
                await w.Int((int)Math.Clamp((now - b.EnqueuedAt).TotalMilliseconds, 0, int.MaxValue), c);
            }, ct);
    }

    /// <summary>
    /// Writes the rows of every table, isolating the lines PostgreSQL refuses (see the class); the
    /// counts in <paramref name="rows"/> are corrected. Returns how many lines were refused.
    /// </summary>
    public async Task<int> WriteEventsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ParsedRows rows, CancellationToken ct)
    {
        if (rows.CommandsWithdrawn.Count > 0)
        {
            await Sql.ExecAsync(conn, tx, WithdrawCommandsSql, ct,
                ("ids", rows.CommandsWithdrawn.Select(c => c.RawId).ToArray()), ("at", rows.CommandsWithdrawn.Select(c => c.OccurredAt.ToUniversalTime()).ToArray()));
        }

        var failed = new Dictionary<long, string>();
        // Lines already refused (written ahead, or by the auditd assembly) end unparsed: no other row of theirs is written.
        var ids = rows.RowIds().Where(id => !rows.Refused.ContainsKey(id)).Order().ToArray();
        await WriteOrSplitAsync(conn, tx, rows, ids, whole: rows.Refused.Count == 0, failed, ct);
        await EventCopies.UpdateLoginsAsync(conn, rows.LoginUpdates, ct);
        foreach (var (id, reason) in rows.Refused) failed.TryAdd(id, reason);
        if (failed.Count == 0) return 0;

        var lines = rows.DropNotStorable(failed);
        counters.Add("audit_parse_failures_total", "line_not_storable", lines.Count);
        if (lines.Count > 0)
        {
            // The raw line's own host and source went into raw_lines already, so they fit here too.
            await Sql.ExecAsync(conn, tx, RecordRefusedSql, ct, ("ids", lines.Keys.ToArray()), ("reasons", lines.Values.ToArray()));
        }

        return lines.Count;
    }

    /// <summary>
    /// Copies the pass's commands before it waits for its hosts (see ParseJob): they need no state
    /// carried between passes, and they are most of a pass's rows, so this work overlaps the previous
    /// pass's instead of queueing behind it. Refused lines are isolated as in <see cref="WriteEventsAsync"/>
    /// and recorded with the rest; a command later found to be a shell artefact is deleted again.
    /// </summary>
    public async Task WriteCommandsAheadAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ParsedRows rows, CancellationToken ct)
    {
        if (rows.Commands.Count == 0) return;
        await PrepareEventPartitionsAsync(rows, table => table == Tables.Commands.Name, ct);
        var failed = new Dictionary<long, string>();
        await WriteOrSplitAsync(conn, tx, rows.CommandsOnly(), rows.Commands.Select(c => c.Line.Id).Order().ToArray(), whole: true, failed, ct);
        rows.TakeCommandsWritten(failed);
    }

    /// <summary>
    /// Deletes commands this transaction copied ahead (by primary key; a few rows a pass). The times
    /// repeated as an array let PostgreSQL prune to their days' partitions instead of probing every day.
    /// </summary>
    public const string WithdrawCommandsSql = """
        DELETE FROM commands c USING unnest(@ids::bigint[], @at::timestamptz[]) AS w(id, at)
        WHERE c.raw_id = w.id AND c.occurred_at = w.at AND c.occurred_at = ANY(@at::timestamptz[])
        """;

    /// <summary>
    /// Records refused lines as unparsed, each found by a primary-key probe: joined as a set, tens of thousands
    /// of refused lines (a hostile host's batches) let the planner hash them and scan every raw_lines
    /// partition, in every pass that meets such lines. <c>OFFSET 0</c> keeps the lateral lookup from being flattened into
    /// that join (as in <see cref="StoredLineReader.Sql"/>).
    /// </summary>
    public const string RecordRefusedSql = """
        INSERT INTO unparsed_lines (received_on, raw_id, received_at, host, source, reason)
        SELECT r.received_on, r.id, r.received_at, r.host, r.source, f.reason
        FROM unnest(@ids::bigint[], @reasons::text[]) AS f(id, reason)
        CROSS JOIN LATERAL (SELECT * FROM raw_lines r WHERE r.id = f.id OFFSET 0) r
        ON CONFLICT DO NOTHING
        """;

    private async Task WriteOrSplitAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ParsedRows rows, long[] ids, bool whole, Dictionary<long, string> failed, CancellationToken ct)
    {
        if (ids.Length == 0) return;
        var part = whole ? rows : rows.Subset(ids.ToHashSet());
        var name = "rows_" + Interlocked.Increment(ref _savepoint);
        await tx.SaveAsync(name, ct);
        try
        {
            await EventCopies.WriteAsync(conn, part, ct);
            await tx.ReleaseAsync(name, ct);
            return;
        }
        catch (Exception e) when (DataErrors.IsRefusal(e, ct))
        {
            await tx.RollbackAsync(name, ct);
            if (ids.Length == 1)
            {
                failed[ids[0]] = Reason(e);
                return;
            }
        }

        var half = ids.Length / 2;
        await WriteOrSplitAsync(conn, tx, rows, ids[..half], whole: false, failed, ct);
        await WriteOrSplitAsync(conn, tx, rows, ids[half..], whole: false, failed, ct);
    }

    public static string Reason(Exception e)
    {
        var text = e is PostgresException p ? $"not storable: {p.SqlState} {p.MessageText}" : $"not storable: {e.GetType().Name} {e.Message}";
        return text.Length <= 500 ? text : text[..500];
    }
}
