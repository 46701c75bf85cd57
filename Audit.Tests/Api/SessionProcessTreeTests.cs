using Audit.Api.Endpoints;
using Audit.Infrastructure.Database;

namespace Audit.Tests.Api;

public sealed class SessionProcessTreeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_root_shell_under_sudos_forked_monitor_hangs_under_sudo()
    {
        ExecutionRow[] execs =
        [
            Exec(0, 1, 5010, 5005, "/usr/bin/bash", "-bash"),
            Exec(10, 2, 5020, 5010, "/usr/bin/sudo", "sudo -i"),
            Exec(11, 3, 5030, 5021, "/usr/bin/bash", "-bash"), // ppid 5021: sudo's monitor, forked, never exec'd
            Exec(12, 4, 5040, 5030, "/usr/bin/id", "id -un"),
            Exec(13, 5, 5050, 4000, "/usr/bin/cron", "cron"),  // nothing near its ppid: a root of its own
        ];
        CommandRow[] commands = [Command(12.5, 5030, "id -un"), Command(20, 5010, "sudo -i")];

        var roots = SessionProcessTree.Build(execs, commands);

        Assert.Equal(["-bash", "cron"], roots.Select(r => r.CommandLine));
        var sudoCommand = Assert.Single(roots[0].Children);
        Assert.Equal(("command", "sudo -i"), (sudoCommand.Kind, sudoCommand.CommandLine));
        var sudo = Assert.Single(sudoCommand.Children);
        var rootShell = Assert.Single(sudo.Children);
        Assert.Equal(("-bash", "fork"), (rootShell.CommandLine, rootShell.ParentVia));
        var typed = Assert.Single(rootShell.Children);
        Assert.Equal("id -un", Assert.Single(typed.Children).CommandLine);
        Assert.Equal("exec", typed.Children[0].ParentVia);
        Assert.Null(roots[1].ParentVia);
    }

    [Fact]
    public void Executions_nest_under_the_execution_whose_pid_is_their_ppid()
    {
        var roots = SessionProcessTree.Build(
            [Exec(1, 1, 200, 100, "/usr/bin/bash", "-bash"), Exec(2, 2, 210, 200, "/usr/bin/git", "git status"), Exec(3, 3, 220, 200, "/usr/bin/sudo", "sudo -i"),
             Exec(4, 4, 221, 220, "/usr/bin/bash", "-bash"), Exec(5, 5, 230, 221, "/usr/bin/cat", "cat /etc/shadow")], []);
        Assert.Equal("-bash(git status sudo -i(-bash(cat /etc/shadow)))", Shape(roots));
    }

    [Fact]
    public void A_reused_pid_parents_only_what_came_after_its_latest_use()
    {
        var roots = SessionProcessTree.Build(
            [Exec(1, 1, 200, 100, "/usr/bin/bash", "-bash"), Exec(2, 2, 300, 200, "/usr/bin/make", "make"), Exec(3, 3, 301, 300, "/usr/bin/cc", "cc a.c"),
             Exec(10, 4, 300, 200, "/usr/bin/python3", "python3"), Exec(11, 5, 302, 300, "/usr/bin/ls", "ls")], []);
        Assert.Equal("-bash(make(cc a.c) python3(ls))", Shape(roots));
    }

    [Fact]
    public void Executions_whose_parent_never_exec_d_in_the_session_are_roots()
    {
        var roots = SessionProcessTree.Build([Exec(1, 1, 500, 1, "/usr/sbin/cron", "/usr/sbin/cron"), Exec(2, 2, 601, 600, "/usr/bin/sh", "backup.sh")], []);
        Assert.Equal("/usr/sbin/cron backup.sh", Shape(roots));
    }

    private static string Shape(IEnumerable<ProcessNode> nodes) =>
        string.Join(" ", nodes.Select(n => n.CommandLine + (n.Children.Count > 0 ? "(" + Shape(n.Children) + ")" : "")));

    private static ExecutionRow Exec(int s, long serial, int pid, int ppid, string exe, string line) =>
        new() { OccurredAt = T0.AddSeconds(s), RawId = serial, Serial = serial, Host = "h", Pid = pid, Ppid = ppid, Exe = exe, CommandLine = line, Session = 3 };

    private static CommandRow Command(double s, int shellPid, string command) =>
        new() { OccurredAt = T0.AddSeconds(s), RawId = (long)(s * 10), Host = "h", ShellPid = shellPid, Command = command, LoginUser = "alice" };
}
