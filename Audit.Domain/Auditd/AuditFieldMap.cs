using System.Globalization;

namespace Audit.Domain.Auditd;

/// <summary>
/// Flattens an event's decoded fields into one string map. The primary record keeps plain names;
/// other records are prefixed by their type (<c>cwd.cwd</c>), indexed when the type repeats
/// (<c>path[1].name</c>). A name repeated within a record becomes <c>msg.name</c> when the repeat is
/// inside msg='…', else <c>name#2</c>. <c>(null)</c> values are left out; EXECVE argument pieces are
/// replaced by the joined argument.
/// </summary>
internal static class AuditFieldMap
{
    // "execve.", "cwd.", … per record type (a few hundred types at most).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Prefixes = new(StringComparer.Ordinal);

    public static Dictionary<string, string> Build(IReadOnlyList<AuditRecord> records, AuditRecord primary, IReadOnlyList<(int Index, string Value)>? argv)
    {
        var size = 0;
        foreach (var r in records) size += r.FieldCount;
        var map = new Dictionary<string, string>(size, StringComparer.Ordinal);
        var typeCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var r in records) typeCounts[r.Type] = typeCounts.GetValueOrDefault(r.Type) + 1;
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var execveDone = false;
        var suffixes = new Dictionary<string, int>(StringComparer.Ordinal);

        foreach (var r in records)
        {
            if (r.TypeNumber == AuditRecordTypes.Eoe) continue; // EOE has no fields
            var ordinal = seen.GetValueOrDefault(r.Type);
            seen[r.Type] = ordinal + 1;
            var prefix = ReferenceEquals(r, primary) ? ""
                : typeCounts[r.Type] > 1 && !r.IsExecve ? string.Create(CultureInfo.InvariantCulture, $"{r.Type.ToLowerInvariant()}[{ordinal}].")
                : Prefixes.GetOrAdd(r.Type, static t => t.ToLowerInvariant() + ".");
            if (r.IsExecve)
            {
                if (!execveDone) AddArgv(map, prefix, r, argv);
                execveDone = true;
                continue;
            }

            AddRecord(map, suffixes, prefix, r);
        }

        return map;
    }

    private static void AddRecord(Dictionary<string, string> map, Dictionary<string, int> suffixes, string prefix, AuditRecord r)
    {
        var spans = r.Spans;
        for (var i = 0; i < spans.Length; i++)
        {
            var s = spans[i];
            var (value, _) = AuditRecordValues.Decode(r, s);
            if (value is null) continue;
            var name = AuditRecordValues.Name(r, s);
            var key = prefix.Length == 0 ? name : prefix + name;
            if (map.TryAdd(key, value)) continue;
            var alt = s.InMessage ? prefix + "msg." + name : null;
            if (alt is not null && map.TryAdd(alt, value)) continue;
            var n = suffixes.GetValueOrDefault(key, 1);
            while (!map.TryAdd(string.Create(CultureInfo.InvariantCulture, $"{key}#{++n}"), value))
            {
            }

            suffixes[key] = n;
        }
    }

    // All EXECVE records of the event become one set: argc and a0…aN (split arguments joined).
    private static void AddArgv(Dictionary<string, string> map, string prefix, AuditRecord first, IReadOnlyList<(int Index, string Value)>? argv)
    {
        if (first.Get("argc") is { } argc) map[prefix + "argc"] = argc;
        if (argv is null) return;
        foreach (var (index, value) in argv) map[string.Create(CultureInfo.InvariantCulture, $"{prefix}a{index}")] = value;
    }
}
