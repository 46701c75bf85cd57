using Audit.Api.Queries;
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

    private static ExecutionRow Exec(int s, long serial, int pid, int ppid, string exe, string line) =>
        new() { OccurredAt = T0.AddSeconds(s), RawId = serial, Serial = serial, Host = "h", Pid = pid, Ppid = ppid, Exe = exe, CommandLine = line, Session = 3 };

    private static CommandRow Command(double s, int shellPid, string command) =>
        new() { OccurredAt = T0.AddSeconds(s), RawId = (long)(s * 10), Host = "h", ShellPid = shellPid, Command = command, LoginUser = "alice" };
}
