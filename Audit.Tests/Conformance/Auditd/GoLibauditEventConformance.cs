using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Audit.Domain.Auditd;
using Audit.Tests.Support;

namespace Audit.Tests.Conformance.Auditd;

/// <summary>go-libaudit's aucoalesce goldens: multi-record events (YAML input) coalesced to one document each.</summary>
public sealed partial class GoLibauditEventConformance
{
    public static CorpusReport Compare()
    {
        var report = new CorpusReport("go-libaudit events", "`aucoalesce/testdata/*.json.golden`");
        report.Notes.Add("Each YAML test is assembled by our assembler and must give exactly one event. Translations: `result` success/fail/unknown; `session` and `user.ids.*` with `unset`; `process.name` ↔ comm, `title` ↔ proctitle, `args` ↔ argv; `file.*` ↔ the matching PATH (mode as permission bits); `paths` ↔ our PATH list; `data.*` ↔ our decoded fields of any record; `exit` ↔ errno name; `socket_*`, `source`/`destination` ↔ decoded sockaddr or addr; `tags` ↔ rule keys.");
        foreach (var golden in Directory.GetFiles(ConformanceData.File("go-libaudit"), "*.json.golden").Order(StringComparer.Ordinal))
        {
            var inputs = ReadYaml(golden[..^".json.golden".Length] + ".yaml");
            using var doc = JsonDocument.Parse(File.ReadAllText(golden));
            foreach (var test in doc.RootElement.EnumerateArray())
            {
                var name = test.GetProperty("test_name").GetString()!;
                var where = $"{Path.GetFileName(golden)} '{name}'";
                var events = ConformanceData.Events(ConformanceData.Records(inputs[name]));
                report.Units++;
                if (!report.Check(where, "events", "1", events.Count.ToString(CultureInfo.InvariantCulture))) continue;
                CompareEvent(report, where, test.GetProperty("event"), events[0]);
            }
        }

        return report;
    }

    private static void CompareEvent(CorpusReport report, string where, JsonElement x, AssembledAuditEvent e)
    {
        report.Check(where, "record_type", x.GetProperty("record_type").GetString(), e.Type.ToLowerInvariant());
        report.Check(where, "sequence", x.GetProperty("sequence").GetRawText(), e.Serial.ToString(CultureInfo.InvariantCulture));
        report.Check(where, "@timestamp", ConformanceData.IsoLoose(x.GetProperty("@timestamp").GetString()), ConformanceData.Iso(e.OccurredAt));
        report.Check(where, "result", x.GetProperty("result").GetString(), ConformanceData.Outcome(e.Success));
        report.Check(where, "session", x.GetProperty("session").GetString(), ConformanceData.Id(e.Session));
        if (x.TryGetProperty("tags", out var tags)) report.Check(where, "tags", Join(tags), string.Join(',', e.Keys), ExplainTags);

        foreach (var id in x.GetProperty("user").GetProperty("ids").EnumerateObject())
        {
            report.Check(where, "user.ids." + id.Name, id.Value.GetString(), ConformanceData.Id(UserId(e, id.Name)));
        }

        foreach (var p in x.GetProperty("process").EnumerateObject())
        {
            var ours = p.Name switch
            {
                "pid" => e.Pid?.ToString(CultureInfo.InvariantCulture),
                "ppid" => e.Ppid?.ToString(CultureInfo.InvariantCulture),
                "name" => e.Comm,
                "exe" => e.Exe,
                "cwd" => e.Cwd,
                "title" => e.Proctitle,
                "args" => e.Argv is null ? null : string.Join('\u241f', e.Argv),
                _ => "(not compared)",
            };
            var want = p.Name == "args" ? Join(p.Value, '\u241f') : p.Value.GetString();
            report.Check(where, "process." + p.Name, want, ours);
        }

        if (x.TryGetProperty("file", out var file)) CompareFile(report, where, file, e);
        if (x.TryGetProperty("paths", out var paths)) ComparePaths(report, where, paths, e);
        if (x.TryGetProperty("source", out var source)) report.Check(where, "source.ip", source.GetProperty("ip").GetString(), e.Addr ?? e.Sockaddr?.Address);
        if (x.TryGetProperty("destination", out var dest))
        {
            report.Check(where, "destination.ip", dest.GetProperty("ip").GetString(), e.Sockaddr?.Address);
            report.Check(where, "destination.port", dest.GetProperty("port").GetString(), e.Sockaddr?.Port?.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var d in x.GetProperty("data").EnumerateObject())
        {
            if (d.Name == "sig") { report.NotModelledField("signal names (`sig=11` → `SIGSEGV`); we keep the number"); continue; }
            report.Check(where, "data." + d.Name, d.Value.GetString(), Data(e, d.Name, d.Value.GetString()));
        }

        report.NotModelledField("summary (actor/action/object/how) and ECS categorisation: go-libaudit's own interpretation");
        if (x.GetProperty("user").TryGetProperty("selinux", out _)) report.NotModelledField("SELinux label split into subj_user/subj_role/… (we keep `subj`/`obj` whole)");
    }

    private static void CompareFile(CorpusReport report, string where, JsonElement file, AssembledAuditEvent e)
    {
        var path = file.GetProperty("path").GetString();
        // go-libaudit shows one PATH as "the file"; we keep them all, so take the matching one that has an inode.
        var ours = e.Paths.Where(p => p.Name == path).OrderBy(p => p.Inode is null).ThenBy(p => p.NameType == "PARENT").FirstOrDefault();
        report.Check(where, "file.path", path, ours?.Name);
        if (ours is null) return;
        report.Check(where, "file.inode", file.GetProperty("inode").GetString(), ours.Inode?.ToString(CultureInfo.InvariantCulture));
        report.Check(where, "file.mode", file.GetProperty("mode").GetString(), Permissions(ours.Mode));
        report.Check(where, "file.uid", file.GetProperty("uid").GetString(), ours.Ouid?.ToString(CultureInfo.InvariantCulture));
        report.Check(where, "file.gid", file.GetProperty("gid").GetString(), ours.Ogid?.ToString(CultureInfo.InvariantCulture));
        report.NotModelledField("file.device: go-libaudit reports rdev there (we keep dev and rdev as written)");
    }

    private static void ComparePaths(CorpusReport report, string where, JsonElement paths, AssembledAuditEvent e)
    {
        var i = 0;
        foreach (var p in paths.EnumerateArray())
        {
            var ours = i < e.Paths.Count ? e.Paths[i] : null;
            var prefix = e.Paths.Count > 1 ? $"path[{i}]." : "path.";
            i++;
            foreach (var f in p.EnumerateObject())
            {
                if (f.Name.StartsWith("obj_", StringComparison.Ordinal)) { report.NotModelledField("SELinux label split into subj_user/subj_role/… (we keep `subj`/`obj` whole)"); continue; }
                var mine = f.Name switch
                {
                    "name" => ours?.Name,
                    "inode" => ours?.Inode?.ToString(CultureInfo.InvariantCulture),
                    "mode" => ours?.Mode,
                    "item" => ours?.Item?.ToString(CultureInfo.InvariantCulture),
                    "nametype" or "objtype" => ours?.NameType,
                    _ => e.Fields.GetValueOrDefault(prefix + f.Name),
                };
                report.Check(where, $"paths[{i - 1}].{f.Name}", f.Value.GetString(), mine);
            }
        }
    }

    private static string? ExplainTags(string? expected, string? actual) => actual switch
    {
        _ when actual == "key=" + expected => "go-libaudit strips a leading `key=` from rule keys written as `key=\"key=net\"`; we keep the key as written",
        "" when expected == "x86_64" => "`key=(null)ARCH=x86_64`: the corpus copy lost the 0x1d before `ARCH=` (README caveat); go-libaudit turns the ENRICHED arch into a rule key, we read `key=(null)` (no key) and `ARCH=x86_64`",
        _ => null,
    };

    private static string? Data(AssembledAuditEvent e, string key, string? want) => key switch
    {
        "arch" => e.Arch,
        "syscall" => e.Syscall,
        "exit" => e.ExitErrno ?? e.Exit?.ToString(CultureInfo.InvariantCulture),
        "socket_addr" => e.Sockaddr?.Address,
        "socket_port" => e.Sockaddr?.Port?.ToString(CultureInfo.InvariantCulture),
        "socket_family" => e.Sockaddr is null ? null : GoLibauditRecordConformance.GoFamily(e.Sockaddr.Family),
        "argc" => e.Argc?.ToString(CultureInfo.InvariantCulture),
        _ => Field(e, key) is { } v && want == "unset" && v is "4294967295" or "-1" ? "unset" : Field(e, key),
    };

    /// <summary>go-libaudit merges fields of all records: ours has them plain (primary) or prefixed by record type.</summary>
    private static string? Field(AssembledAuditEvent e, string key) =>
        e.Fields.TryGetValue(key, out var v) ? v : e.Fields.FirstOrDefault(f => f.Key.EndsWith("." + key, StringComparison.Ordinal)).Value;

    private static long? UserId(AssembledAuditEvent e, string name) => name switch
    {
        "auid" => e.Auid,
        "uid" => e.Uid,
        "euid" => e.Euid,
        "suid" => e.Suid,
        "fsuid" => e.Fsuid,
        "gid" => e.Gid,
        "egid" => e.Egid,
        "sgid" => e.Sgid,
        "fsgid" => e.Fsgid,
        "old-auid" => e.Login?.OldAuid,
        _ => -1,
    };

    /// <summary>go-libaudit shows a file's permission bits only (<c>0100755</c> → <c>0755</c>).</summary>
    private static string? Permissions(string? mode) =>
        mode is null ? null : Convert.ToString(Convert.ToInt32(mode, 8) & 0xFFF, 8).PadLeft(4, '0');

    private static string Join(JsonElement array, char sep = ',') => string.Join(sep, array.EnumerateArray().Select(t => t.GetString()));

    /// <summary>The aucoalesce test YAML: <c>tests:</c> then <c>  name: |</c> blocks of indented record lines.</summary>
    internal static Dictionary<string, List<string>> ReadYaml(string path)
    {
        var tests = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        foreach (var line in File.ReadLines(path))
        {
            var m = TestName().Match(line);
            if (m.Success) tests[m.Groups[1].Value.Trim('"', '\'')] = current = [];
            else if (current is not null && line.StartsWith("    ", StringComparison.Ordinal)) current.Add(line[4..]);
        }

        return tests;
    }

    [GeneratedRegex(@"^  (\S.*?):\s*[|>]-?\s*$", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex TestName();

    [CorpusFact]
    public void Agrees_with_go_libaudit_coalesced_events()
    {
        var report = Compare();
        report.AssertAtToday(units: 48, compared: 1273, agreed: 1264);
    }
}
