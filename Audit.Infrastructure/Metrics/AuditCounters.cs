using System.Collections.Concurrent;

namespace Audit.Infrastructure.Metrics;

/// <summary>
/// The counters of one running host for the Prometheus endpoint, monotonic since it started. A
/// singleton, not static, for the reason <c>IMeterFactory</c> exists: several hosts in one process
/// (the tests' factories) must not count each other's lines.
/// </summary>
public sealed class AuditCounters
{
    private readonly ConcurrentDictionary<(string Name, string Label), long> _values = new();

    public void Add(string name, string label, long value)
    {
        if (value != 0) _values.AddOrUpdate((name, label), value, (_, v) => v + value);
    }

    /// <summary>Every counter with its label value, ordered for stable output.</summary>
    public IEnumerable<(string Name, string Label, long Value)> Snapshot() =>
        _values.Select(kv => (kv.Key.Name, kv.Key.Label, kv.Value)).OrderBy(v => v.Name, StringComparer.Ordinal).ThenBy(v => v.Label, StringComparer.Ordinal);
}
