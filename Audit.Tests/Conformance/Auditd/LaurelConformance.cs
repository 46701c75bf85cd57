using System.Globalization;
using System.Text;
using System.Text.Json;
using Audit.Domain.Auditd;
using Audit.Tests.Support;

namespace Audit.Tests.Conformance.Auditd;

/// <summary>
/// laurel's JSON output: one object per event, one member per record type with its fields (numbers as
/// JSON numbers, hex as <c>0x…</c>, modes as <c>0o…</c>), EXECVE/PROCTITLE as ARGV lists, raw sockaddr
/// bytes percent-encoded. Compared with our event and its flattened fields.
/// </summary>
public sealed class LaurelConformance
{
    public static CorpusReport Compare()
    {
        var report = new CorpusReport("laurel", "`src/testdata/*.json`");
        report.Notes.Add("Every member of every laurel event is compared with our event: `0x…` hex and `0o…` octal compared as numbers, JSON numbers as text, SYSCALL `ARGV` ↔ a0–a3, EXECVE `ARGV` ↔ argv, PROCTITLE `ARGV` ↔ proctitle, percent-encoded `saddr` ↔ hex, repeated names (`uid=0 uid=0`) ↔ `uid`, `uid#2`.");
        foreach (var json in Directory.GetFiles(ConformanceData.File("laurel"), "*.json").Order(StringComparer.Ordinal))
        {
            var events = ConformanceData.Events(ConformanceData.Records(File.ReadLines(Path.ChangeExtension(json, ".txt"))))
                .ToDictionary(e => e.EventId, StringComparer.Ordinal);
            foreach (var line in File.ReadLines(json).Where(l => l.Trim().Length > 0))
            {
                using var doc = JsonDocument.Parse(line);
                var x = doc.RootElement;
                var id = x.GetProperty("ID").GetString()!;
                var where = $"{Path.GetFileName(json)} {id}";
                report.Units++;
                if (!report.Check(where, "event", id, events.TryGetValue(id, out var e) ? e.EventId : null) || e is null) continue;
                CompareEvent(report, where, x, e);
            }
        }

        return report;
    }

    private static void CompareEvent(CorpusReport report, string where, JsonElement x, AssembledAuditEvent e)
    {
        var primary = e.RecordTypes.Contains("SYSCALL") ? "SYSCALL" : e.RecordTypes.Contains("URINGOP") ? "URINGOP" : e.Type;
        foreach (var member in x.EnumerateObject())
        {
            switch (member.Name)
            {
                case "ID": break;
                case "NODE": report.Check(where, "NODE", member.Value.GetString(), e.Node); break;
                case "EXECVE":
                    report.Check(where, "EXECVE.argc", ConformanceData.Text(member.Value.GetProperty("argc")), e.Argc?.ToString(CultureInfo.InvariantCulture));
                    report.Check(where, "EXECVE.ARGV", Join(member.Value.GetProperty("ARGV")), e.Argv is null ? null : string.Join('\u241f', e.Argv));
                    break;
                case "PROCTITLE":
                    report.Check(where, "PROCTITLE.ARGV", string.Join(' ', member.Value.GetProperty("ARGV").EnumerateArray().Select(a => a.GetString())), e.Proctitle);
                    break;
                case "CWD": report.Check(where, "CWD.cwd", member.Value.GetProperty("cwd").GetString(), e.Cwd); break;
                default:
                    if (member.Value.ValueKind == JsonValueKind.Object)
                    {
                        CompareRecord(report, where, member.Name, member.Name == primary ? "" : member.Name.ToLowerInvariant() + ".", member.Value, e);
                    }
                    else
                    {
                        var items = member.Value.EnumerateArray().ToList();
                        for (var i = 0; i < items.Count; i++)
                        {
                            var prefix = member.Name == primary ? "" : items.Count > 1 ? $"{member.Name.ToLowerInvariant()}[{i}]." : member.Name.ToLowerInvariant() + ".";
                            CompareRecord(report, $"{where} {member.Name}[{i}]", member.Name, prefix, items[i], e);
                        }
                    }

                    break;
            }
        }
    }

    private static void CompareRecord(CorpusReport report, string where, string type, string prefix, JsonElement record, AssembledAuditEvent e)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var f in record.EnumerateObject())
        {
            var n = seen[f.Name] = seen.GetValueOrDefault(f.Name) + 1;
            var key = prefix + f.Name + (n > 1 ? $"#{n}" : "");
            if (f.Name == "ARGV")
            {
                // SYSCALL a0–a3 as laurel renders them: 0x-prefixed hex.
                var args = f.Value.EnumerateArray().ToList();
                for (var i = 0; i < args.Count; i++) CheckValue(report, where, $"{type}.a{i}", args[i].GetString(), e.Fields.GetValueOrDefault($"{prefix}a{i}"), 16);
                continue;
            }

            var peer = ConformanceData.Text(f.Value);
            var ours = e.Fields.GetValueOrDefault(key);
            switch (f.Name)
            {
                case "saddr": peer = PercentToHex(peer); break;
                case "SADDR": ours = ours is null ? null : "{" + ours + "}"; break;
                case "mode": CheckValue(report, where, $"{type}.{f.Name}", peer, ours, 8); continue;
            }

            CheckValue(report, where, $"{type}.{f.Name}", peer, ours, 16);
        }
    }

    /// <summary>Equal as written, or equal numbers (laurel prints hex fields as 0x…, modes as 0o…).</summary>
    private static void CheckValue(CorpusReport report, string where, string field, string? peer, string? ours, int ourBase)
    {
        var same = peer is not null && (peer.StartsWith("0x", StringComparison.Ordinal) || peer.StartsWith("0o", StringComparison.Ordinal))
            && ConformanceData.SameNumber(peer, ours, ourBase);
        report.Check(where, field, same ? ours : peer, ours);
    }

    /// <summary>laurel writes raw bytes as text with %XX for the non-printable ones.</summary>
    private static string? PercentToHex(string? s)
    {
        if (s is null) return null;
        var sb = new StringBuilder();
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '%' && i + 2 < s.Length)
            {
                sb.Append(s, i + 1, 2);
                i += 2;
            }
            else
            {
                foreach (var b in Encoding.UTF8.GetBytes(s[i].ToString())) sb.Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString().ToUpperInvariant();
    }

    private static string Join(JsonElement array) => string.Join('\u241f', array.EnumerateArray().Select(a => a.GetString()));

    [CorpusFact]
    public void Agrees_with_laurel()
    {
        var report = Compare();
        report.AssertAtToday(units: 18, compared: 777, agreed: 777);
    }
}
