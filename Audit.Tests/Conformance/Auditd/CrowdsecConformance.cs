using System.Globalization;
using System.Text.RegularExpressions;
using Audit.Tests.Support;

namespace Audit.Tests.Conformance.Auditd;

/// <summary>CrowdSec hub's auditd parser assertions (<c>parser.assert</c>): per-line field values and metadata.</summary>
public sealed partial class CrowdsecConformance
{
    public static CorpusReport Compare()
    {
        var report = new CorpusReport("crowdsec auditd", "hub `auditd-logs/parser.assert`");
        report.Notes.Add("Translations: `Parsed.timestamp` ↔ the `audit(…)` time, `event_inc_id`/`auditd_eventid` ↔ serial, `Meta.log_type` ↔ syscall name, `(null)` ↔ no value.");
        var lines = File.ReadAllLines(ConformanceData.File("crowdsec-hub-auditd-logs", "auditd-logs.log")).Where(l => l.Length > 0).ToList();
        var records = ConformanceData.Records(lines);
        var events = ConformanceData.Events(records);
        var seen = new HashSet<int>();
        foreach (var assertion in File.ReadLines(ConformanceData.File("crowdsec-hub-auditd-logs", "parser.assert")))
        {
            var m = Assertion().Match(assertion);
            if (!m.Success) continue;
            var i = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            var (bag, key, want) = (m.Groups[2].Value, m.Groups[3].Value, Regex.Unescape(m.Groups[4].Value));
            if (seen.Add(i)) report.Units++;
            var where = $"line {i + 1}";
            var r = i < records.Count ? records[i].Record : null;
            var e = r is null ? null : events.FirstOrDefault(x => x.EventId == r.EventId);
            if (r is null || e is null)
            {
                report.Check(where, "is a record", "yes", "no");
                continue;
            }

            string? ours;
            switch ((bag, key))
            {
                case ("Unmarshaled[\"auditd\"]", "msg"): report.NotModelledField("`msg` as CrowdSec keeps it (`audit(…):` prefix text)"); continue;
                case ("Unmarshaled[\"auditd\"]", "type"): ours = r.Type; break;
                case ("Unmarshaled[\"auditd\"]", _): ours = r.Get(key) ?? (r.Contains(key) ? "(null)" : null); break;
                case ("Parsed", "timestamp"): ours = r.EventId[..r.EventId.IndexOf(':', StringComparison.Ordinal)]; break;
                case ("Parsed", "event_inc_id") or ("Meta", "auditd_eventid"): ours = r.Serial.ToString(CultureInfo.InvariantCulture); break;
                case ("Meta", "log_type"): ours = e.Syscall; break;
                case ("Meta", "exe"): ours = e.Exe; break;
                case ("Meta", "tty"): ours = e.Tty; break;
                case ("Meta", "uid"): ours = e.Uid?.ToString(CultureInfo.InvariantCulture); break;
                case ("Meta", "auid"): ours = e.Auid?.ToString(CultureInfo.InvariantCulture); break;
                case ("Meta", "ppid"): ours = e.Ppid?.ToString(CultureInfo.InvariantCulture); break;
                default: report.NotModelledField("CrowdSec pipeline metadata (program, msg_type, message, datasource)"); continue;
            }

            report.Check(where, $"{bag}.{key}", want, ours);
        }

        return report;
    }

    [GeneratedRegex("""^results\["s01-parse"\]\["crowdsecurity/auditd-logs"\]\[(\d+)\]\.Evt\.(Unmarshaled\["auditd"\]|Parsed|Meta)\["([^"]+)"\] == "((?:[^"\\]|\\.)*)"$""", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Assertion();

    [CorpusFact]
    public void Agrees_with_crowdsec_auditd_parser()
    {
        var report = Compare();
        report.AssertAtToday(units: 4, compared: 140, agreed: 140);
    }
}
