using System.Collections.Concurrent;
using Audit.Infrastructure.Database;
using Npgsql;

namespace Audit.Infrastructure.Partitions;

/// <summary>
/// Makes sure the day partition for a row exists before it is written. Known partitions are
/// remembered, so the hot path costs a dictionary lookup; creation runs in its own short transaction.
/// How many a caller may create at once is bounded: one host sending 1,500 dates must not create
/// 1,500 partitions (every query plan over a table grows with its partition count); the days left
/// out go to the DEFAULT partition, and maintenance moves them into their own day later; so do the
/// rows of a day whose creation could not get its lock in time (see <see cref="LockWait"/>).
/// </summary>
public sealed class PartitionManager(NpgsqlDataSource dataSource)
{
    private readonly ConcurrentDictionary<(string Table, DateOnly Day), bool> _known = new();

    /// <summary>Ensures the partitions of <paramref name="days"/>, creating at most <paramref name="maxNew"/> (those nearest <paramref name="today"/> first).</summary>
    /// <returns>How many it created.</returns>
    public async Task<int> EnsureAsync(string table, IEnumerable<DateOnly> days, CancellationToken ct, int maxNew = int.MaxValue, DateOnly? today = null)
    {
        List<DateOnly>? missing = null;
        foreach (var day in days)
        {
            if (!_known.ContainsKey((table, day))) (missing ??= []).Add(day);
        }

        if (missing is null) return 0;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var candidates = missing.Distinct().ToList();
        if (candidates.Count > maxNew)
        {
            // Ones that exist already (made by another instance or before a restart) cost nothing.
            var existing = await ExistingAsync(conn, table, candidates, ct);
            foreach (var day in existing) _known[(table, day)] = true;
            var pivot = today ?? DateOnly.FromDateTime(DateTime.UtcNow);
            candidates = candidates.Where(d => !existing.Contains(d)).OrderBy(d => Math.Abs(d.DayNumber - pivot.DayNumber)).ThenByDescending(d => d).Take(maxNew).ToList();
        }

        var created = 0;
        foreach (var day in candidates)
        {
            // Creating a partition locks its parent against writers, so it waits for every open
            // transaction that wrote into the table, and one of those may be waiting for the caller
            // (a later parse pass waits for an earlier one's turn, see HostOrderLocks): a cycle through
            // the application that PostgreSQL cannot see. So the wait is bounded; a day not made now
            // keeps its rows in DEFAULT, and the next pass or maintenance makes it and moves them.
            await using var tx = await conn.BeginTransactionAsync(ct);
            await Sql.ExecAsync(conn, tx, $"SET LOCAL lock_timeout = {(int)LockWait.TotalMilliseconds}", ct);
            await using var cmd = new NpgsqlCommand("SELECT audit_ensure_partition(@t, @d)", conn, tx);
            cmd.Parameters.AddWithValue("t", table);
            cmd.Parameters.AddWithValue("d", day);
            try
            {
                if (await cmd.ExecuteScalarAsync(ct) is true) created++;
                await tx.CommitAsync(ct);
                _known[(table, day)] = true;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
            {
                await tx.RollbackAsync(ct);
            }
        }

        return created;
    }

    /// <summary>How long creating one partition may wait for the table's writers.</summary>
    public static TimeSpan LockWait { get; } = TimeSpan.FromSeconds(2);

    /// <summary>UTC days between <paramref name="from"/> and <paramref name="to"/> (exclusive) that have rows in the DEFAULT partition of <paramref name="table"/>.</summary>
    public async Task<List<DateOnly>> DaysInDefaultAsync(string table, DateOnly from, DateOnly to, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        string column, type;
        await using (var info = new NpgsqlCommand("SELECT key_column, key_type FROM partitioned_tables WHERE table_name = @t", conn))
        {
            info.Parameters.AddWithValue("t", table);
            await using var r = await info.ExecuteReaderAsync(ct);
            if (!await r.ReadAsync(ct)) return [];
            (column, type) = (r.GetString(0), r.GetString(1));
        }

        // Names come from partitioned_tables (written by migrations only), quoted all the same.
        var q = (string s) => "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var day = type == "date" ? q(column) : $"({q(column)} AT TIME ZONE 'UTC')::date";
        var (lo, hi) = type == "date" ? ("@from", "@to") : ("@from::timestamp AT TIME ZONE 'UTC'", "@to::timestamp AT TIME ZONE 'UTC'");
        await using var cmd = new NpgsqlCommand($"SELECT DISTINCT {day} FROM {q(table + "_default")} WHERE {q(column)} >= {lo} AND {q(column)} < {hi}", conn);
        cmd.Parameters.AddWithValue("from", from);
        cmd.Parameters.AddWithValue("to", to);
        var days = new List<DateOnly>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) days.Add(reader.GetFieldValue<DateOnly>(0));
        return days;
    }

    /// <summary>Forgets what it knew (after retention dropped partitions).</summary>
    public void Forget(string table, DateOnly day) => _known.TryRemove((table, day), out _);

    private static async Task<HashSet<DateOnly>> ExistingAsync(NpgsqlConnection conn, string table, List<DateOnly> days, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT to_date(right(relname, 8), 'YYYYMMDD') FROM pg_class WHERE relname = ANY(@names) AND relkind IN ('r', 'p')", conn);
        cmd.Parameters.AddWithValue("names", days.Select(d => $"{table}_p{d:yyyyMMdd}").ToArray());
        var found = new HashSet<DateOnly>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) found.Add(reader.GetFieldValue<DateOnly>(0));
        return found;
    }
}
