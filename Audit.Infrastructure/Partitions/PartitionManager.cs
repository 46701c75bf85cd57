using System.Collections.Concurrent;
using Npgsql;

namespace Audit.Infrastructure.Partitions;

/// <summary>
/// Makes sure the day partition for a row exists before it is written. Known partitions are
/// remembered, so the hot path costs a dictionary lookup; creation runs in its own short transaction.
/// </summary>
public sealed class PartitionManager(NpgsqlDataSource dataSource)
{
    private readonly ConcurrentDictionary<(string Table, DateOnly Day), bool> _known = new();

    public async Task EnsureAsync(string table, IEnumerable<DateOnly> days, CancellationToken ct)
    {
        List<DateOnly>? missing = null;
        foreach (var day in days)
        {
            if (!_known.ContainsKey((table, day))) (missing ??= []).Add(day);
        }

        if (missing is null) return;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        foreach (var day in missing.Distinct())
        {
            await using var cmd = new NpgsqlCommand("SELECT audit_ensure_partition(@t, @d)", conn);
            cmd.Parameters.AddWithValue("t", table);
            cmd.Parameters.AddWithValue("d", day);
            await cmd.ExecuteScalarAsync(ct);
            _known[(table, day)] = true;
        }
    }

    /// <summary>Forgets what it knew (after retention dropped partitions).</summary>
    public void Forget(string table, DateOnly day) => _known.TryRemove((table, day), out _);
}
