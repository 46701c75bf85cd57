using System.Globalization;
using System.Text.Json;
using Audit.Domain.Auditd;
using Audit.Tests.Support;

namespace Audit.Tests.Conformance.Auditd;

/// <summary>go-libaudit's auparse goldens: one field map per line, hex decoded, some values interpreted.</summary>
public sealed class GoLibauditRecordConformance
{
    public static CorpusReport Compare()
    {
        var report = new CorpusReport("go-libaudit records", "`auparse/testdata/*.log.golden`");
        report.Notes.Add("Translations: `result` ↔ success=/res= as success/fail; `arch`, `syscall` ↔ our names for the numbers; `exit` ↔ the errno name when negative; `unset` ↔ 4294967295/-1; RHEL 5/6 `new_auid`/`old_auid` ↔ `auid`/`old-auid`; SOCKADDR `family` ipv4/ipv6/unix ↔ our inet/inet6/local; `keys` ↔ the record's rule keys.");
        foreach (var golden in Directory.GetFiles(ConformanceData.File("go-libaudit"), "*.log.golden").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(golden);
            var lines = File.ReadAllLines(golden[..^".golden".Length]);
            using var doc = JsonDocument.Parse(File.ReadAllText(golden));
            var i = 0;
            foreach (var expected in doc.RootElement.EnumerateArray())
            {
                var where = $"{name}:{i + 1}";
                var parsed = AuditRecordParser.TryParse(lines[i++], "h", out var r);
                report.Units++;
                if (!report.Check(where, "is a record", expected.ValueKind == JsonValueKind.Null ? "no" : "yes", parsed ? "yes" : "no") || r is null) continue;
                CompareRecord(report, where, expected, r);
            }
        }

        return report;
    }

    private static void CompareRecord(CorpusReport report, string where, JsonElement expected, AuditRecord r)
    {
        report.Check(where, "record_type", expected.GetProperty("record_type").GetString(), r.Type.ToLowerInvariant());
        report.Check(where, "sequence", expected.GetProperty("sequence").GetRawText(), r.Serial.ToString(CultureInfo.InvariantCulture));
        report.Check(where, "@timestamp", ConformanceData.IsoLoose(expected.GetProperty("@timestamp").GetString()), ConformanceData.Iso(r.OccurredAt));
        if (expected.TryGetProperty("keys", out var keys))
        {
            report.Check(where, "keys", string.Join(',', keys.EnumerateArray().Select(k => k.GetString())), string.Join(',', r.RuleKeys()));
        }

        foreach (var p in expected.GetProperty("data").EnumerateObject())
        {
            var want = p.Value.GetString();
            if (p.Name.StartsWith("subj_", StringComparison.Ordinal) || p.Name.StartsWith("obj_", StringComparison.Ordinal))
            {
                report.NotModelledField("SELinux label split into subj_user/subj_role/… (we keep `subj`/`obj` whole)");
                continue;
            }

            if (p.Name == "sig")
            {
                report.NotModelledField("signal names (`sig=31` → `SIGSYS`); we keep the number");
                continue;
            }

            report.Check(where, p.Name, want, Ours(r, p.Name, want));
        }
    }

    /// <summary>Our value for a go-libaudit data key, in go-libaudit's spelling where it interprets.</summary>
    internal static string? Ours(AuditRecord r, string key, string? want) => key switch
    {
        "result" => ConformanceData.Outcome(RecordOutcome(r)),
        "arch" => AuditArchitectures.TryParse(r.Get("arch"), out var a) ? AuditArchitectures.Name(a) : r.Get("arch"),
        "syscall" => SyscallName(r),
        "exit" => long.TryParse(r.Get("exit"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var x) && x < 0 && ErrnoNames.Name(x) is { } errno ? errno : r.Get("exit"),
        "addr" or "family" or "port" or "path" when r.Type == "SOCKADDR" => Sockaddr(r, key),
        "new_auid" => r.Get("auid"),
        "old_auid" => r.Get("old-auid"),
        _ when want == "unset" => Unset(r.Get(key)),
        _ => r.Get(key),
    };

    /// <summary>Our decoded sockaddr in go-libaudit's spelling (ipv4/ipv6/unix for inet/inet6/local).</summary>
    internal static string? Sockaddr(AuditRecord r, string key)
    {
        if (!SockaddrDecoder.TryDecode(r.Get("saddr"), out var s) || s is null) return null;
        return key switch
        {
            "addr" => s.Address,
            "port" => s.Port?.ToString(CultureInfo.InvariantCulture),
            "path" => s.Path,
            _ => GoFamily(s.Family),
        };
    }

    internal static string GoFamily(string family) => family switch { "inet" => "ipv4", "inet6" => "ipv6", "local" => "unix", _ => family };

    internal static string? RecordOutcome(AuditRecord r) => r.Get("success") ?? r.Get("res");

    internal static string? SyscallName(AuditRecord r) =>
        AuditArchitectures.TryParse(r.Get("arch"), out var a) && int.TryParse(r.Get("syscall"), CultureInfo.InvariantCulture, out var n)
            ? SyscallNames.Name(a, n) ?? r.Get("syscall")
            : r.Get("syscall");

    private static string? Unset(string? raw) => raw is "4294967295" or "-1" ? "unset" : raw;

    [CorpusFact]
    public void Agrees_with_go_libaudit_record_goldens()
    {
        var report = Compare();
        report.AssertAtToday(units: 84, compared: 1113, agreed: 1113);
    }
}
