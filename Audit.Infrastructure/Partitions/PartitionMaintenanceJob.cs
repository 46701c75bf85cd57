using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Audit.Infrastructure.Partitions;

/// <summary>
/// Recurring (and at start-up): creates day partitions from yesterday to <see cref="PartitionOptions.DaysAhead"/>
/// ahead for every registered table, then drops whole partitions past their retention. Safe to re-run.
/// </summary>
public sealed class PartitionMaintenanceJob(
    NpgsqlDataSource dataSource,
    PartitionManager partitions,
    IOptions<PartitionOptions> options,
    TimeProvider time,
    ILogger<PartitionMaintenanceJob> logger)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var tables = await RegisteredTablesAsync(ct);
        var days = Enumerable.Range(-1, options.Value.DaysAhead + 2).Select(today.AddDays).ToList();
        foreach (var (table, _) in tables)
        {
            await partitions.EnsureAsync(table, days, ct);
        }

        // Days that came in while they had no partition (over a pass's bound) get theirs now, so the
        // DEFAULT partition keeps only what lies outside the window (audit_ensure_partition moves the rows).
        var o = options.Value;
        foreach (var (table, retention) in tables.Where(t => t.Retention == "events"))
        {
            var waiting = await partitions.DaysInDefaultAsync(table, o.OldestOwnDay(today), o.NewestOwnDayExclusive(today), ct);
            if (waiting.Count == 0) continue;
            var created = await partitions.EnsureAsync(table, waiting, ct, o.MaxNewPerMaintenance, today);
            logger.LogInformation("Partition maintenance gave {Created} days of {Table} their own partition ({Waiting} waiting in DEFAULT)", created, table, waiting.Count);
        }

        foreach (var (table, retention) in tables)
        {
            var keepDays = retention == "raw" ? options.Value.RawRetentionDays : options.Value.EventRetentionDays;
            if (keepDays > 0) await DropOlderThanAsync(table, today.AddDays(-keepDays), ct);
        }
    }

    /// <summary>Drops the day partitions of <paramref name="table"/> before <paramref name="cutoff"/>; returns their names.</summary>
    public async Task<IReadOnlyList<string>> DropOlderThanAsync(string table, DateOnly cutoff, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var youngest = today.AddDays(-options.Value.MinimumRetentionDays);
        if (cutoff > youngest)
        {
            throw new InvalidOperationException($"Retention refuses to drop {table} data younger than {options.Value.MinimumRetentionDays} days (asked for everything before {cutoff:yyyy-MM-dd}).");
        }

        var dropped = new List<string>();
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var victims = new List<(string Name, DateOnly Day)>();
        await using (var cmd = new NpgsqlCommand("SELECT partition_name, day FROM audit_partitions_before(@t, @d)", conn))
        {
            cmd.Parameters.AddWithValue("t", table);
            cmd.Parameters.AddWithValue("d", cutoff);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) victims.Add((reader.GetString(0), reader.GetFieldValue<DateOnly>(1)));
        }

        foreach (var (name, day) in victims)
        {
            await using var drop = new NpgsqlCommand($"DROP TABLE IF EXISTS \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", conn);
            await drop.ExecuteNonQueryAsync(ct);
            partitions.Forget(table, day);
            dropped.Add(name);
            logger.LogInformation("Retention dropped partition {Partition}", name);
        }

        return dropped;
    }

    private async Task<List<(string Table, string Retention)>> RegisteredTablesAsync(CancellationToken ct)
    {
        var list = new List<(string, string)>();
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT table_name, retention FROM partitioned_tables ORDER BY table_name", conn);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) list.Add((reader.GetString(0), reader.GetString(1)));
        return list;
    }
}
