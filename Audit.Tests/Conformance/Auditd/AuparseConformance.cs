using System.Globalization;
using System.Text.RegularExpressions;
using Audit.Domain.Auditd;
using Audit.Tests.Support;

namespace Audit.Tests.Conformance.Auditd;

/// <summary>
/// audit-userspace's own <c>auparse_test.ref</c>: how auparse groups records into events and which
/// fields (name and raw value, in order) it sees in each record, plus a few interpretations.
/// </summary>
public sealed partial class AuparseConformance
{
    public static CorpusReport Compare()
    {
        var report = new CorpusReport("audit-userspace", "auparse `auparse_test.ref`");
        report.Notes.Add("Compared: records per event, and each record's fields in order as `name=raw value`; in the buffer tests also auparse's interpretation of `arch`, `syscall` and unset ids.");
        var sections = ReadReference(File.ReadAllLines(ConformanceData.File("audit-userspace", "auparse_test.ref")));
        foreach (var (test, events) in sections)
        {
            var input = Input(test);
            if (input is null) continue;
            var records = ConformanceData.Records(input);
            var assembled = ConformanceData.Events(records).ToDictionary(e => e.EventId, StringComparer.Ordinal);
            var byEvent = records.GroupBy(p => p.Record.EventId).ToDictionary(g => g.Key, g => g.Select(p => p.Record).ToList(), StringComparer.Ordinal);
            foreach (var ev in events)
            {
                var where = $"Test {test} event {ev.Id}";
                report.Units++;
                report.Check(where, "records", ev.Records.Count.ToString(CultureInfo.InvariantCulture),
                    assembled.TryGetValue(ev.Id, out var ours) ? ours.RawLineIds.Count.ToString(CultureInfo.InvariantCulture) : null);
                var pool = byEvent.GetValueOrDefault(ev.Id) ?? [];
                foreach (var rec in ev.Records)
                {
                    var mine = pool.FirstOrDefault(r => r.Type == rec.Type);
                    if (mine is not null) pool.Remove(mine);
                    CompareRecord(report, $"{where} {rec.Type}", rec, mine);
                }
            }
        }

        return report;
    }

    private static void CompareRecord(CorpusReport report, string where, RefRecord rec, AuditRecord? mine)
    {
        var ours = mine?.Fields.Where(f => f.Scope != AuditFieldScope.Enrichment).ToList() ?? [];
        for (var i = 0; i < Math.Max(rec.Fields.Count, ours.Count); i++)
        {
            var (name, raw, interp) = i < rec.Fields.Count ? rec.Fields[i] : (null, null, null);
            var our = i < ours.Count ? ours[i] : (AuditField?)null;
            report.Check(where, $"field {i + 1}", name is null ? null : $"{name}={raw}", our is { } f ? $"{f.Name}={f.Raw}" : null, (e, o) =>
                e == "auid=4294967295" && o == "old-auid=4294967295" ? "auparse keeps RHEL 5's `old auid=… new auid=…` as two `auid` fields; we name the first `old-auid`, the modern spelling" : null);
            if (interp is null || mine is null || name is null) continue;
            var ourInterp = name switch
            {
                "arch" => AuditArchitectures.TryParse(raw, out var a) ? AuditArchitectures.Name(a) : null,
                "syscall" => GoLibauditRecordConformance.SyscallName(mine),
                "auid" or "uid" or "gid" or "euid" or "suid" or "fsuid" or "egid" or "sgid" or "fsgid" when interp == "unset" => raw is "4294967295" or "-1" ? "unset" : raw,
                _ => null,
            };
            if (ourInterp is null)
            {
                if (name is "arch" or "syscall" || interp == "unset") report.Check(where, $"{name} interpretation", interp, null);
                else if (!string.Equals(interp, raw?.Trim('"'), StringComparison.Ordinal)) report.NotModelledField("auparse interpretations of ids, a0–a3 and other fields (names from the test machine's passwd)");
                continue;
            }

            report.Check(where, $"{name} interpretation", interp, ourInterp);
        }
    }

    private static IEnumerable<string>? Input(int test) => test switch
    {
        2 or 9 => BufferRecords(),
        4 or 10 => File.ReadLines(ConformanceData.File("audit-userspace", "test.log")),
        5 => File.ReadLines(ConformanceData.File("audit-userspace", "test2.log")).Concat(File.ReadLines(ConformanceData.File("audit-userspace", "test.log"))),
        11 => File.ReadLines(ConformanceData.File("audit-userspace", "test4.log")),
        _ => null,
    };

    /// <summary>The records the C test feeds as buffers (the <c>buf[]</c> literals of auparse_test.c).</summary>
    private static List<string> BufferRecords()
    {
        var c = File.ReadAllText(ConformanceData.File("audit-userspace", "auparse_test.c"));
        var block = c[c.IndexOf("buf[] = {", StringComparison.Ordinal)..c.IndexOf("NULL", StringComparison.Ordinal)];
        var text = string.Concat(CString().Matches(block).Select(m => m.Groups[1].Value))
            .Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\'", "'", StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal);
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    private sealed record RefRecord(string Type, List<(string? Name, string? Raw, string? Interp)> Fields);

    private sealed record RefEvent(string Id, List<RefRecord> Records);

    private static List<(int Test, List<RefEvent> Events)> ReadReference(string[] lines)
    {
        var tests = new List<(int, List<RefEvent>)>();
        List<RefEvent>? events = null;
        RefRecord? record = null;
        foreach (var line in lines)
        {
            if (StartTest().Match(line) is { Success: true } t) tests.Add((int.Parse(t.Groups[1].Value, CultureInfo.InvariantCulture), events = []));
            else if (events is null) continue;
            else if (line.StartsWith("event ", StringComparison.Ordinal) && line.Contains("records", StringComparison.Ordinal)) events.Add(new RefEvent("", []));
            else if (RecordHeader().Match(line) is { Success: true } r && events.Count > 0) events[^1].Records.Add(record = new RefRecord(r.Groups[1].Value, []));
            else if (EventTime().Match(line) is { Success: true } time && events.Count > 0 && events[^1].Id.Length == 0) events[^1] = events[^1] with { Id = time.Groups[1].Value };
            else if (line.StartsWith("        ", StringComparison.Ordinal) && record is not null && line.Contains('=', StringComparison.Ordinal))
            {
                var field = line.Trim();
                var eq = field.IndexOf('=', StringComparison.Ordinal);
                var (name, value) = (field[..eq], field[(eq + 1)..]);
                if (name == "type") continue;
                string? interp = null;
                var open = value.LastIndexOf(" (", StringComparison.Ordinal);
                if (value.EndsWith(')') && open > 0)
                {
                    interp = value[(open + 2)..^1];
                    value = value[..open];
                }

                record.Fields.Add((name, value, interp));
            }
        }

        return tests;
    }

    [GeneratedRegex(@"^Starting Test (\d+),", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex StartTest();

    [GeneratedRegex(@"^    record \d+ of type \d+\(([A-Z_0-9\[\]]+)\)", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex RecordHeader();

    [GeneratedRegex(@"event time: (\d+\.\d+:\d+),", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex EventTime();

    [GeneratedRegex("\"((?:[^\"\\\\]|\\\\.)*)\"", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex CString();

    [CorpusFact]
    public void Agrees_with_auparse()
    {
        var report = Compare();
        report.AssertAtToday(units: 36, compared: 1028, agreed: 1026);
    }
}
