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
            if (table is "raw_batches" or "raw_lines" && options.Value.ArchiveDirectory.Length > 0 && !await ArchiveFirstAsync(day, ct)) continue;
            if (table is "raw_batches" or "raw_lines") await RecordRawDropAsync(conn, table, day, name, ct);
            await using var drop = new NpgsqlCommand($"DROP TABLE IF EXISTS \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", conn);
            await drop.ExecuteNonQueryAsync(ct);
            partitions.Forget(table, day);
            dropped.Add(name);
            logger.LogInformation("Retention dropped partition {Partition}", name);
        }

        return dropped;
    }

    /// <summary>Archives the day of raw staging (unless a verified archive exists); false when it could not, and the day is kept.</summary>
    private async Task<bool> ArchiveFirstAsync(DateOnly day, CancellationToken ct)
    {
        var root = options.Value.ArchiveDirectory;
        if (await Integrity.RawDayArchive.CheckAsync(root, day, ct) is null) return true;
        var started = time.GetUtcNow();
        try
        {
            var manifest = await Integrity.RawDayArchive.ArchiveAsync(dataSource, root, day, ct);
            await new Integrity.IntegrityRunLog(dataSource).RecordAsync("archive", "retention", started, time.GetUtcNow(), true,
                new { day, lines = manifest.Lines, batches = manifest.Batches.Count, folder = Integrity.RawDayArchive.Folder(root, day) }, ct);
            return true;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "Retention keeps raw staging of {Day}: it could not be archived", day);
            await new Integrity.IntegrityRunLog(dataSource).RecordAsync("archive", "retention", started, time.GetUtcNow(), false, new { day, error = e.Message }, ct);
            return false;
        }
    }

    /// <summary>The verifier reads these records to tell a day dropped by retention from batches deleted behind its back.</summary>
    private async Task RecordRawDropAsync(NpgsqlConnection conn, string table, DateOnly day, string partition, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // The highest batch id the partition holds: the verifier skips only batches up to it.
        var quoted = "\"" + partition.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var batchId = table == "raw_lines" ? "id >> 24" : "id";
        await using var cmd = new NpgsqlCommand($"""
            INSERT INTO integrity_runs (kind, actor, started_at, finished_at, ok, detail)
            VALUES ('drop', 'retention', @now, @now, true, jsonb_build_object('table', @table::text, 'day', @day::text, 'partition', @partition::text,
                    'throughBatch', (SELECT max({batchId}) FROM {quoted})))
            """, conn);
        cmd.Parameters.AddWithValue("now", now);
        cmd.Parameters.AddWithValue("table", table);
        cmd.Parameters.AddWithValue("day", day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        cmd.Parameters.AddWithValue("partition", partition);
        await cmd.ExecuteNonQueryAsync(ct);
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
