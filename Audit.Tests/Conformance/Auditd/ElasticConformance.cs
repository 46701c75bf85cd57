using System.Globalization;
using System.Text.Json;
using Audit.Domain.Auditd;
using Audit.Tests.Support;

namespace Audit.Tests.Conformance.Auditd;

/// <summary>
/// Filebeat's auditd module and Elastic's auditd integration: one ECS document per line. We compare
/// the <c>auditd.log.*</c> record fields and the ECS fields we model (process, user ids, outcome,
/// addresses); categorisation, geo and bookkeeping fields are not compared.
/// </summary>
public sealed class ElasticConformance
{
    public static CorpusReport CompareBeats() => Compare("beats-auditd", "Filebeat `auditd/log` `*-expected.json`", "beats-auditd");

    public static CorpusReport CompareIntegrations() => Compare("integrations-auditd", "Elastic integration `auditd` `*-expected.json`", "integrations-auditd");

    private static CorpusReport Compare(string name, string peer, string folder)
    {
        var report = new CorpusReport(name, peer);
        report.Notes.Add("Translations: `user.id`/`user.effective.id`… ↔ uid/euid…, `user.audit.id` ↔ auid, `user.name` ↔ acct (or `user=`, or ENRICHED `UID`), `user.target.id` ↔ id, `group.id` ↔ gid or `id=`, `source.address` ↔ addr (src for IPsec), `destination.address` ↔ dst, `host.architecture` ↔ arch name, EXECVE `process.executable` ↔ a0, USER_CMD `process.args` ↔ cmd split at spaces, TTY `data` control characters in caret notation; `event.outcome` and booleans compared as success/fail. The input is each document's `event.original` where kept.");
        foreach (var expectedFile in Directory.GetFiles(ConformanceData.File(folder), "*expected.json").Order(StringComparer.Ordinal))
        {
            var logFile = expectedFile.Replace("-expected.json", "", StringComparison.Ordinal);
            var lines = File.ReadAllLines(File.Exists(logFile) ? logFile : logFile + ".log");
            using var doc = JsonDocument.Parse(File.ReadAllText(expectedFile));
            var docs = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement : doc.RootElement.GetProperty("expected");
            var index = 0;
            foreach (var d in docs.EnumerateArray())
            {
                var flat = ConformanceData.Flatten(d);
                var line = FindLine(lines, flat, index++);
                var where = $"{Path.GetFileName(expectedFile)}#{index}";
                report.Units++;
                var parsed = AuditRecordParser.TryParse(line, "h", out var r);
                // A document without @timestamp is Elastic keeping a line it could not read as a record either.
                var peerParsed = flat.ContainsKey("@timestamp") ? "yes" : "no";
                if (!report.Check(where, "is a record", peerParsed, parsed ? "yes" : "no") || r is null) continue;
                foreach (var (key, value) in flat) CompareField(report, where, key, value, r);
            }
        }

        return report;
    }

    /// <summary>The peer's input: <c>event.original</c> where kept (some log copies differ slightly), else the n-th line.</summary>
    private static string FindLine(string[] lines, Dictionary<string, JsonElement> flat, int index)
    {
        if (flat.TryGetValue("event.original", out var original))
        {
            return (original.ValueKind == JsonValueKind.Array ? original[0].GetString() : original.GetString()) ?? "";
        }

        return lines.Where(l => l.Length > 0).ElementAt(index);
    }

    private static void CompareField(CorpusReport report, string where, string key, JsonElement value, AuditRecord r)
    {
        var want = value.ValueKind == JsonValueKind.Array ? string.Join(',', value.EnumerateArray().Select(ConformanceData.Text)) : ConformanceData.Text(value);
        if (key.StartsWith("auditd.log.", StringComparison.Ordinal))
        {
            CompareLogField(report, where, key["auditd.log.".Length..], value, want, r);
            return;
        }

        string? ours;
        switch (key)
        {
            case "@timestamp": report.Check(where, key, ConformanceData.IsoLoose(want), ConformanceData.Iso(r.OccurredAt)); return;
            case "process.pid": ours = r.Get("pid"); break;
            case "process.parent.pid" or "process.ppid": ours = r.Get("ppid"); break;
            case "process.executable": ours = r.Type == "EXECVE" ? r.Get("a0") : r.Get("exe"); break;
            case "process.name": ours = r.Get("comm"); break;
            case "process.working_directory": ours = r.Get("cwd"); break;
            case "process.exit_code": ours = r.Get("exit"); break;
            case "process.args": ours = Args(r); break;
            case "process.args_count": ours = Args(r)?.Split(',').Length.ToString(CultureInfo.InvariantCulture); break;
            case "user.audit.id": ours = r.Get("auid"); break;
            case "user.id": report.Check(where, key, want, r.Get("uid"), (e, _) => e == r.Get("auid") ? UserIdMapping : null); return;
            case "user.effective.id": report.Check(where, key, want, r.Get("euid") ?? r.Get("uid"), (e, _) => e == r.Get("uid") || e == r.Get("auid") || e == r.Get("id") ? UserIdMapping : null); return;
            case "user.group.id": ours = r.Get("gid"); break;
            case "group.id":
                report.Check(where, key, want, r.Get("gid") ?? r.Get("id"), (_, _) => r.Type == "GRP_MGMT" ? "Elastic sets `group.id` 0 for GRP_MGMT although its `id=` is the group's gid; we keep `id=`" : null);
                return;
            case "user.effective.group.id": ours = r.Get("egid"); break;
            case "user.saved.id": ours = r.Get("suid"); break;
            case "user.saved.group.id": ours = r.Get("sgid"); break;
            case "user.filesystem.id": ours = r.Get("fsuid"); break;
            case "user.filesystem.group.id": ours = r.Get("fsgid"); break;
            case "user.owner.id": ours = r.Get("ouid"); break;
            case "user.owner.group.id": ours = r.Get("ogid"); break;
            case "user.terminal": ours = r.Get("terminal"); break;
            case "user.name": ours = r.Get("acct") ?? r.Get("user") ?? r.Get("UID"); break;
            case "user.target.id": ours = r.Get("id"); break;
            case "source.address" or "source.ip": ours = r.Get("addr") ?? r.Get("src"); break;
            case "destination.address": ours = r.Get("dst"); break;
            case "host.architecture": ours = GoLibauditRecordConformance.Ours(r, "arch", want); break;
            case "event.outcome": report.Check(where, key, ConformanceData.Outcome(want), ConformanceData.Outcome(GoLibauditRecordConformance.RecordOutcome(r))); return;
            default:
                report.NotModelledField("ECS categorisation, geo/AS enrichment, `user.effective.name`/`user.target.name` guesses, `message`, `tags` and pipeline bookkeeping");
                return;
        }

        report.Check(where, key, want, ours);
    }

    private static void CompareLogField(CorpusReport report, string where, string name, JsonElement value, string? want, AuditRecord r)
    {
        string? ours;
        switch (name)
        {
            case "sequence": ours = r.Serial.ToString(CultureInfo.InvariantCulture); break;
            case "record_type": ours = r.Type; break;
            case "node": ours = r.Node; break;
            case "original_field": report.NotModelledField("`auditd.log.original_field` (pipeline bookkeeping)"); return;
            case "new_auid": ours = r.Get("auid"); break;
            case "old_auid": ours = r.Get("old-auid"); break;
            case "new_ses": ours = r.Get("ses"); break;
            case "old_ses": ours = r.Get("old-ses"); break;
            case "saddr_fam" or "laddr" or "lport" when r.Type == "SOCKADDR":
                ours = SockaddrDecoder.TryDecode(r.Get("saddr"), out var s) && s is not null
                    ? name switch { "saddr_fam" => s.Family, "laddr" => s.Address ?? s.Path, _ => s.Port?.ToString(CultureInfo.InvariantCulture) }
                    : null;
                report.Check(where, name, want, ours, (e, o) => e?.StartsWith(o + " ", StringComparison.Ordinal) == true
                    ? "Elastic splits the ENRICHED `SADDR={ saddr_fam=local sockaddr len too short }` text on spaces and keeps the prose in the family"
                    : e == "2a02:cf40::" ? "the sample's saddr hex and its ENRICHED `SADDR` text disagree (edited test data): by the sockaddr_in6 layout the hex is `::2a02:cf40:0`, which we decode; Elastic copies the text" : null);
                return;
            case "data": ours = Caret(r.Get(name)); break;
            default: ours = r.Get(name); break;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            report.Check(where, name, ConformanceData.Outcome(want), ConformanceData.Outcome(ours));
            return;
        }

        report.Check(where, name, want, ours, Explain);
    }

    private const string UserIdMapping = "Elastic's ECS mapping puts auid (or the record's `id=`) in `user.id`/`user.effective.id` for user-space and LOGIN records; we keep uid as uid and auid as auid";

    /// <summary>Elastic shows TTY control characters in caret notation (<c>^M</c>, <c>^?</c>).</summary>
    private static string? Caret(string? s)
    {
        if (s is null) return null;
        var sb = new System.Text.StringBuilder(s.Length + 16);
        foreach (var c in s)
        {
            if (c < 0x20) sb.Append('^').Append((char)(c + 64));
            else if (c == 0x7f) sb.Append("^?");
            else sb.Append(c);
        }

        return sb.ToString();
    }

    private static string? Explain(string? expected, string? ours) => expected switch
    {
        _ when expected?.Contains('\u001d', StringComparison.Ordinal) == true
            => "Elastic integration bug: `key=\"delete\"` followed by 0x1d parsed as `delete\"\\u001dARCH=x86_64` (README: not to reproduce)",
        _ when expected?.Contains(',', StringComparison.Ordinal) == true && expected.StartsWith(ours + ",", StringComparison.Ordinal)
            => "Filebeat makes `uid` an array when `uid=` repeats inside msg='…' (README: not to reproduce); we keep the outer uid and the inner one as `msg.uid`",
        _ => null,
    };

    /// <summary>EXECVE's arguments, or USER_CMD's command split at spaces as Elastic does.</summary>
    private static string? Args(AuditRecord r) => r.Type switch
    {
        "EXECVE" => string.Join(',', r.Fields.Where(f => AuditArgName(f.Name)).Select(f => f.Value)),
        "USER_CMD" => r.Get("cmd")?.Replace(' ', ','),
        _ => null,
    };

    private static bool AuditArgName(string name) => name.Length > 1 && name[0] == 'a' && name[1..].All(char.IsAsciiDigit);

    [CorpusFact]
    public void Agrees_with_filebeat_auditd_module()
    {
        var report = CompareBeats();
        report.AssertAtToday(units: 47, compared: 649, agreed: 640);
    }

    [CorpusFact]
    public void Agrees_with_elastic_auditd_integration()
    {
        var report = CompareIntegrations();
        report.AssertAtToday(units: 52, compared: 688, agreed: 667);
    }
}
