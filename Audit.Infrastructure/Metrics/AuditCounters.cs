using System.Collections.Concurrent;

namespace Audit.Infrastructure.Metrics;

/// <summary>
/// Process-wide counters for the Prometheus endpoint (like a <c>Meter</c>'s instruments: static, so
/// counting needs no dependency). Monotonic since the process started.
/// </summary>
public static class AuditCounters
{
    private static readonly ConcurrentDictionary<(string Name, string Label), long> Values = new();

    public static void Add(string name, string label, long value)
    {
        if (value != 0) Values.AddOrUpdate((name, label), value, (_, v) => v + value);
    }

    /// <summary>Every counter with its label value, ordered for stable output.</summary>
    public static IEnumerable<(string Name, string Label, long Value)> Snapshot() =>
        Values.Select(kv => (kv.Key.Name, kv.Key.Label, kv.Value)).OrderBy(v => v.Name, StringComparer.Ordinal).ThenBy(v => v.Label, StringComparer.Ordinal);
}
