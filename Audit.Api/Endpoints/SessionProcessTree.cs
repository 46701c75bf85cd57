using Audit.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Audit.Api.Endpoints;

/// <summary>
/// One node of a session's process tree: the <c>login</c> at the root, <c>execution</c>s under the
/// execution that started their parent process, and a shell's typed <c>command</c>s under the shell,
/// each holding the processes the shell started for it (exec'd after the previous prompt, at or before
/// the line PROMPT_COMMAND wrote when it ended). <c>id</c> is an execution's id for
/// <c>/executions/{id}/ancestry</c>. <c>parentVia</c> says how an execution was tied to its parent:
/// <c>exec</c> (the parent's exec is that of its ppid) or <c>fork</c> (its ppid was never exec'd, a
/// forked sudo/su monitor; the parent is the session's latest sudo/su exec of a pid just below).
/// </summary>
public sealed record ProcessNode(
    string Kind, DateTimeOffset Time, int? Pid, string? Exe, string CommandLine, string? User, string? Id, int? ExitCode, string? ParentVia, IReadOnlyList<ProcessNode> Children);

/// <summary>
/// Builds <see cref="ProcessNode"/> trees from a session's executions (auditd ses) and the commands its
/// shells logged. A process whose ppid has no exec in the session may have a forked parent (sudo's
/// monitor with <c>use_pty</c>, su's, fork without exec): pids are handed out in order, so it is the
/// latest earlier sudo or su exec of a pid at most <see cref="ForkGap"/> below. Else it hangs off the
/// login (sshd's session child forks without exec; pam_motd's scripts run just before it, so any
/// program there would be a wrong guess).
/// </summary>
public static class SessionProcessTree
{
    public const int ForkGap = 8;

    /// <summary>Programs known to run their command from a forked monitor process that never execs (sudo with use_pty, su).</summary>
    public static bool ForksMonitor(string? exe) => exe is not null && (exe.EndsWith("/sudo", StringComparison.Ordinal) || exe.EndsWith("/su", StringComparison.Ordinal));

    public static async Task<ProcessNode?> LoadAsync(AuditDbContext db, SessionItem s, DateTimeOffset until, int limit, CancellationToken ct)
    {
        if (s.AuditSession is not { } ses) return null;
        var execs = await db.Executions.AsNoTracking()
            .Where(e => e.Host == s.Host && e.Session == ses && e.OccurredAt >= s.Start && e.OccurredAt <= until)
            .OrderBy(e => e.OccurredAt).ThenBy(e => e.Serial).Take(limit).ToListAsync(ct);
        var pids = execs.Where(e => e.Pid != null).Select(e => e.Pid!.Value).Distinct().ToList();
        var commands = await db.Commands.AsNoTracking()
            .Where(c => c.Host == s.Host && c.OccurredAt >= s.Start && c.OccurredAt <= until && c.ShellPid != null && pids.Contains(c.ShellPid.Value))
            .OrderBy(c => c.OccurredAt).ThenBy(c => c.RawId).Take(limit).ToListAsync(ct);
        var login = $"{s.Method ?? "ssh"} login of {s.User ?? "?"}" + (s.SourceIp is null ? "" : $" from {s.SourceIp}");
        return new ProcessNode("login", s.Start, s.SshdPid, null, login, s.User, null, null, null, Build(execs, commands));
    }

    /// <summary>The trees, pure: execs and commands oldest first.</summary>
    public static IReadOnlyList<ProcessNode> Build(IReadOnlyList<ExecutionRow> execs, IReadOnlyList<CommandRow> commands)
    {
        // Parent of each exec: the latest earlier exec (in this list) of its ppid.
        var parentOf = new int?[execs.Count];
        var viaFork = new bool[execs.Count];
        for (var i = 0; i < execs.Count; i++)
        {
            for (var j = i - 1; j >= 0 && parentOf[i] is null; j--)
            {
                if (execs[j].Pid is { } pid && pid == execs[i].Ppid && execs[j].OccurredAt <= execs[i].OccurredAt) parentOf[i] = j;
            }

            for (var j = i - 1; j >= 0 && parentOf[i] is null; j--)
            {
                if (execs[j].Pid is { } pid && execs[i].Ppid is { } ppid && pid < ppid && pid >= ppid - ForkGap && execs[j].OccurredAt <= execs[i].OccurredAt && ForksMonitor(execs[j].Exe))
                {
                    parentOf[i] = j;
                    viaFork[i] = true;
                }
            }
        }

        // A shell's commands belong to the exec of that pid they follow (the latest one before the command).
        var commandsOf = new Dictionary<int, List<CommandRow>>();
        foreach (var c in commands)
        {
            var shell = -1;
            for (var j = execs.Count - 1; j >= 0 && shell < 0; j--)
            {
                if (execs[j].Pid == c.ShellPid && execs[j].OccurredAt <= c.OccurredAt) shell = j;
            }

            if (shell < 0) continue;
            if (!commandsOf.TryGetValue(shell, out var list)) commandsOf[shell] = list = [];
            list.Add(c);
        }

        var children = new List<int>[execs.Count];
        var roots = new List<int>();
        for (var i = 0; i < execs.Count; i++)
        {
            if (parentOf[i] is { } p) (children[p] ??= []).Add(i);
            else roots.Add(i);
        }

        string? Via(int i) => parentOf[i] is null ? null : viaFork[i] ? "fork" : "exec";

        ProcessNode Node(int i, int depth)
        {
            var e = execs[i];
            var kids = depth > 64 ? [] : children[i] ?? [];
            var nodes = new List<ProcessNode>();
            var shellCommands = commandsOf.GetValueOrDefault(i) ?? [];
            var byCommand = new List<ProcessNode>[shellCommands.Count];
            foreach (var k in kids)
            {
                var at = shellCommands.FindIndex(c => c.OccurredAt >= execs[k].OccurredAt);
                if (at < 0) nodes.Add(Node(k, depth + 1));
                else (byCommand[at] ??= []).Add(Node(k, depth + 1));
            }

            for (var c = 0; c < shellCommands.Count; c++)
            {
                var cmd = shellCommands[c];
                nodes.Add(new ProcessNode("command", cmd.OccurredAt, cmd.ShellPid, null, cmd.Command, cmd.LoginUser, null, cmd.ExitCode, null, byCommand[c] ?? []));
            }

            nodes.Sort((a, b) => a.Time.CompareTo(b.Time));
            return new ProcessNode("execution", e.OccurredAt, e.Pid, e.Exe, e.CommandLine, e.UserName, ExecutionQueries.FormatId(e.OccurredAt, e.RawId, e.Serial), null, Via(i), nodes);
        }

        return roots.ConvertAll(r => Node(r, 0));
    }
}
