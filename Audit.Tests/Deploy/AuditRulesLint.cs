using System.Text.RegularExpressions;

namespace Audit.Tests.Deploy;

/// <summary>
/// Checks audit.rules line by line against the shapes auditctl accepts (auditctl itself cannot load
/// rules in an unprivileged container): control lines, file watches and syscall rules with known
/// fields, operators, syscalls and short keys. Returns the problems, one per offending line.
/// </summary>
public static partial class AuditRulesLint
{
    private static readonly HashSet<string> Syscalls = ["execve", "execveat", "open", "openat", "unlink", "unlinkat", "rename", "renameat", "chmod", "fchmod", "fchmodat", "chown", "fchown", "fchownat", "setuid", "setgid", "setreuid", "setregid", "init_module", "finit_module", "delete_module", "mount", "umount2", "all"];
    private static readonly HashSet<string> Fields = ["arch", "auid", "uid", "euid", "suid", "fsuid", "gid", "egid", "pid", "ppid", "exit", "success", "dir", "path", "perm", "key", "exe", "subj_type", "filetype", "sessionid"];

    public static IReadOnlyList<string> Check(IEnumerable<string> lines)
    {
        var problems = new List<string>();
        var n = 0;
        string? last = null;
        foreach (var raw in lines)
        {
            n++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            last = line;
            var error = CheckLine(line);
            if (error is not null) problems.Add($"line {n}: {error}: {line}");
        }

        var immutable = lines.Any(l => l.Trim() == "-e 2");
        if (immutable && last != "-e 2") problems.Add("-e 2 (immutable) must be the last rule");

        return problems;
    }

    private static string? CheckLine(string line)
    {
        if (line == "-D") return null;
        if (ControlRegex().IsMatch(line)) return null;
        if (line.StartsWith("-w ", StringComparison.Ordinal))
        {
            var m = WatchRegex().Match(line);
            return m.Success ? KeyProblem(m.Groups["key"].Value) : "a watch is -w <absolute path> -p <rwxa> -k <key>";
        }

        if (!line.StartsWith("-a ", StringComparison.Ordinal)) return "unknown option";
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || !ActionListRegex().IsMatch(parts[1])) return "-a needs action,list (always|never , exit|user|exclude|filesystem)";
        var hasKey = false;
        var hasArch = false;
        for (var i = 2; i < parts.Length; i += 2)
        {
            if (i + 1 >= parts.Length) return $"{parts[i]} has no value";
            var (flag, value) = (parts[i], parts[i + 1]);
            switch (flag)
            {
                case "-S":
                    if (!hasArch) return "-F arch= must come before -S";
                    if (value.Split(',').FirstOrDefault(s => !Syscalls.Contains(s)) is { } bad) return $"unknown syscall '{bad}'";
                    break;
                case "-F":
                    var f = FieldRegex().Match(value);
                    if (!f.Success || !Fields.Contains(f.Groups["field"].Value)) return $"bad field '{value}'";
                    if (f.Groups["field"].Value == "arch")
                    {
                        if (f.Groups["value"].Value is not ("b64" or "b32")) return "arch must be b64 or b32";
                        hasArch = true;
                    }

                    if (f.Groups["field"].Value == "auid" && f.Groups["value"].Value is not ("unset" or "-1" or "4294967295") && !uint.TryParse(f.Groups["value"].Value, out _)) return $"bad auid value '{value}'";
                    break;
                case "-k":
                    if (KeyProblem(value) is { } k) return k;
                    hasKey = true;
                    break;
                default:
                    return $"unknown flag '{flag}'";
            }
        }

        return hasKey ? null : "every rule needs a -k key to be found again";
    }

    private static string? KeyProblem(string key) => key.Length is > 0 and <= 31 && KeyRegex().IsMatch(key) ? null : $"bad key '{key}'";

    [GeneratedRegex(@"^(-b \d+|--backlog_wait_time \d+|-f [012]|-e [012]|-r \d+|--loginuid-immutable)$", RegexOptions.None, 100)]
    private static partial Regex ControlRegex();

    [GeneratedRegex(@"^-w (?<path>/\S*) -p (?<perm>[rwxa]{1,4}) -k (?<key>\S+)$", RegexOptions.None, 100)]
    private static partial Regex WatchRegex();

    [GeneratedRegex(@"^(always|never),(exit|user|exclude|filesystem|task)$", RegexOptions.None, 100)]
    private static partial Regex ActionListRegex();

    [GeneratedRegex(@"^(?<field>[a-z_]+)(?<op>=|!=|>=|<=|>|<|&=|&)(?<value>\S+)$", RegexOptions.None, 100)]
    private static partial Regex FieldRegex();

    [GeneratedRegex(@"^[A-Za-z0-9_.-]+$", RegexOptions.None, 100)]
    private static partial Regex KeyRegex();
}
