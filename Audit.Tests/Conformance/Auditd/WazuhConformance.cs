using System.Globalization;
using Audit.Domain.Auditd;
using Audit.Tests.Support;

namespace Audit.Tests.Conformance.Auditd;

/// <summary>
/// Wazuh ruleset tests: audit lines (single records, and whole events joined on one line) with rule ids
/// only, so this checks that every line parses without error and how many records and events come out.
/// </summary>
public sealed class WazuhConformance
{
    public static CorpusReport Compare()
    {
        var report = new CorpusReport("wazuh auditd", "ruleset tests (rule ids only: recognition rate)");
        var lines = 0;
        var recognised = 0;
        var records = 0;
        var events = 0;
        var executions = 0;
        foreach (var file in new[] { "auditd.ini", "audit_scp.ini" })
        {
            foreach (var raw in File.ReadLines(ConformanceData.File("wazuh-ruleset-tests", file)))
            {
                var eq = raw.IndexOf(" = ", StringComparison.Ordinal);
                if (!raw.StartsWith("log ", StringComparison.Ordinal) || eq < 0) continue;
                var line = raw[(eq + 3)..];
                lines++;
                var parsed = new List<AuditRecord>();
                AuditRecordParser.ParseAll(line, "wazuh-agent", parsed);
                report.Units++;
                report.Check($"{file}: {line[..Math.Min(60, line.Length)]}", "is an audit record", "yes", parsed.Count > 0 ? "yes" : "no");
                if (parsed.Count == 0) continue;
                recognised++;
                records += parsed.Count;
                var assembled = ConformanceData.Events(parsed.Select((r, i) => new PendingAuditRecord(i, r, ConformanceData.Arrival)));
                events += assembled.Count;
                executions += assembled.Count(e => e.IsExecution);
            }
        }

        report.Notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"{recognised} of {lines} test lines are audit records ({100.0 * recognised / Math.Max(1, lines):0.0} %), {records} records, {events} events, {executions} executions; no exception."));
        return report;
    }

    [CorpusFact]
    public void Reads_every_wazuh_audit_line()
    {
        var report = Compare();
        report.AssertAtToday(units: 43, compared: 43, agreed: 43);
    }
}
