using System.Globalization;
using System.Text.Json;
using Audit.Domain.Auditd;
using Audit.Domain.Events;
using Audit.Tests.Support;

namespace Audit.Tests.Conformance.Auditd;

/// <summary>
/// Auditbeat (go-libaudit aucoalesce in Beats): <c>userlogin.log-expected.json</c>. Its names and the
/// effective ids derived from them come from a test-only uid→name table (README), so they cannot be
/// reproduced; <c>sudo.log</c> and <c>auditlogin.log</c> have no expected output and are checked for
/// what the records themselves say.
/// </summary>
public sealed class AuditbeatConformance
{
    public static CorpusReport Compare()
    {
        var report = new CorpusReport("auditbeat-auditd", "Auditbeat `userlogin.log-expected.json`");
        report.Notes.Add("Translations: `auditd.message_type` ↔ record type, `auditd.data.*` ↔ decoded fields, `source.ip` ↔ addr, `user.audit.id` ↔ auid, `event.outcome`/`auditd.result` as success/fail.");
        using var doc = JsonDocument.Parse(File.ReadAllText(ConformanceData.File("auditbeat-auditd", "userlogin.log-expected.json")));
        var i = 0;
        foreach (var x in doc.RootElement.EnumerateArray())
        {
            var flat = ConformanceData.Flatten(x);
            var where = $"userlogin.log-expected.json#{++i}";
            var lines = flat["event.original"].EnumerateArray().Select(l => l.GetString()!).ToList();
            var events = ConformanceData.Events(ConformanceData.Records(lines));
            report.Units++;
            if (!report.Check(where, "events", "1", events.Count.ToString(CultureInfo.InvariantCulture))) continue;
            var e = events[0];
            foreach (var (key, value) in flat) Check(report, where, key, ConformanceData.Text(value), e);
        }

        var sudo = ConformanceData.Events(ConformanceData.Records(File.ReadLines(ConformanceData.File("auditbeat-auditd", "sudo.log"))));
        var logins = ConformanceData.Events(ConformanceData.Records(File.ReadLines(ConformanceData.File("auditbeat-auditd", "auditlogin.log"))));
        report.Notes.Add($"`sudo.log` (no expected output): {sudo.Count} events, {sudo.Count(e => e.Sudo is not null)} sudo uses from USER_CMD; `auditlogin.log`: {logins.Count(e => e.Login is not null)} typed LOGIN events.");
        return report;
    }

    private static void Check(CorpusReport report, string where, string key, string? want, AssembledAuditEvent e)
    {
        if (key.StartsWith("auditd.data.", StringComparison.Ordinal))
        {
            report.Check(where, key, want, e.Fields.GetValueOrDefault(key["auditd.data.".Length..]));
            return;
        }

        switch (key)
        {
            case "auditd.message_type": report.Check(where, key, want, e.Type.ToLowerInvariant()); break;
            case "auditd.result": report.Check(where, key, want, ConformanceData.Outcome(e.Success)); break;
            case "event.outcome": report.Check(where, key, ConformanceData.Outcome(want), ConformanceData.Outcome(e.Success)); break;
            case "auditd.sequence": report.Check(where, key, want, e.Serial.ToString(CultureInfo.InvariantCulture)); break;
            case "auditd.session": report.Check(where, key, want, ConformanceData.Id(e.Session)); break;
            case "process.pid": report.Check(where, key, want, e.Pid?.ToString(CultureInfo.InvariantCulture)); break;
            case "process.executable": report.Check(where, key, want, e.Exe); break;
            case "source.ip": report.Check(where, key, want, e.Addr); break;
            case "user.audit.id": report.Check(where, key, want, e.Auid?.ToString(CultureInfo.InvariantCulture)); break;
            case "user.id":
                report.Check(where, key, want, e.Uid?.ToString(CultureInfo.InvariantCulture), (w, _) => w == e.Auid?.ToString(CultureInfo.InvariantCulture)
                    ? "Auditbeat puts auid in `user.id` for user-space records; we keep uid as uid and auid as auid" : null);
                break;
            case "user.effective.id":
                report.Check(where, key, want, e.Euid?.ToString(CultureInfo.InvariantCulture), (_, _) => "Auditbeat's expected file derives this id from its test-only uid→name table (README)");
                break;
            case "user.name" or "user.audit.name" or "user.effective.name" or "related.user":
                report.NotModelledField("names from Auditbeat's test-only uid→name table (README: cannot be reproduced)");
                break;
            default:
                report.NotModelledField("summary (actor/object/how), ECS categorisation and `event.original`");
                break;
        }
    }

    [CorpusFact]
    public void Agrees_with_auditbeat()
    {
        var report = Compare();
        report.AssertAtToday(units: 4, compared: 59, agreed: 55);
    }

    [CorpusFact]
    public void Reads_auditbeats_sudo_and_login_samples()
    {
        var sudo = ConformanceData.Events(ConformanceData.Records(File.ReadLines(ConformanceData.File("auditbeat-auditd", "sudo.log"))));
        Assert.Equal(20, sudo.Count);
        Assert.All(sudo, e => Assert.Equal(AuditEventCompletion.SingleRecord, e.Completion));
        var cmds = sudo.Where(e => e.Sudo is not null).Select(e => e.Sudo!).ToList();
        Assert.Equal(["su", "bash"], cmds.Select(c => c.Command));
        Assert.All(cmds, c => Assert.Equal((1002L, 15L, "/home/alice", "pts/1", SudoOutcome.Allowed), (c.LoginUid!.Value, c.Session!.Value, c.Cwd, c.Tty, c.Outcome)));

        var logins = ConformanceData.Events(ConformanceData.Records(File.ReadLines(ConformanceData.File("auditbeat-auditd", "auditlogin.log"))))
            .Select(e => e.Login!).ToList();
        Assert.Equal([(27681, (long?)null, 1000L, (long?)null, 58L), (27768, 1000L, 1001L, 58L, 59L)],
            logins.Select(l => (l.Pid!.Value, l.OldAuid, l.Auid!.Value, l.OldSession, l.Session!.Value)));
    }
}
