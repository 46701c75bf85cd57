using static Audit.Tests.RealMachine.RealMachineRun;

namespace Audit.Tests.RealMachine;

/// <summary>sudo's and su's real lines about what the user did in the session, via <c>GET /sudo</c> and the timeline.</summary>
[Collection(RealMachineCollection.Name)]
public sealed class RealSudoAndSuTests(RealMachineRun run)
{
    private ScenarioFacts Facts => run.Facts;

    private string User => Facts.Account.Name;

    [Fact]
    public async Task Each_sudo_use_is_listed_once()
    {
        // SPEC: a sudo seen in auth.log and in auditd's USER_CMD is listed once. Their commands differ
        // on a real machine (auth.log: COMMAND=/usr/bin/true, USER_CMD: cmd=true; sudo -i: /bin/bash
        // and -bash), so twins are matched on the command's normal form.
        var allowed = await run.ItemsAsync($"sudo?host={Facts.Host}&user={User}&outcome=allowed");
        Assert.Equal(["/bin/bash", "/usr/bin/id", "/usr/bin/true"], allowed.Select(i => Str(i, "command") ?? "").Order(StringComparer.Ordinal));
        Assert.All(allowed, i => Assert.Equal(2, i.GetProperty("seenIn").GetArrayLength()));
        var denied = await run.ItemsAsync($"sudo?host={Facts.Host}&user={User}&outcome=denied");
        Assert.Equal(["/usr/bin/cat /etc/shadow", "/usr/bin/whoami"], denied.Select(i => Str(i, "command")).OfType<string>().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Allowed_sudo_comes_back_with_run_as_command_cwd_and_tty()
    {
        var items = await run.ItemsAsync($"sudo?host={Facts.Host}&user={User}&outcome=allowed");
        var asRoot = Assert.Single(items, i => Str(i, "command") == "/usr/bin/true");
        Assert.Equal("root", Str(asRoot, "runAs"));
        Assert.Equal("/etc", Str(asRoot, "cwd"));
        Assert.Equal(Facts.Tty, Str(asRoot, "tty"));
        Assert.Equal(User, Str(asRoot, "user"));
        var asNobody = Assert.Single(items, i => Str(i, "command") == "/usr/bin/id");
        Assert.Equal("nobody", Str(asNobody, "runAs"));
        Assert.All(items, i => Assert.Equal("allowed", Str(i, "outcome")));
    }

    [Fact]
    public async Task Sudo_i_comes_back_as_a_root_shell_started_in_roots_home()
    {
        var items = await run.ItemsAsync($"sudo?host={Facts.Host}&user={User}&outcome=allowed");
        var shell = Assert.Single(items, i => Str(i, "command") is "/bin/bash" or "/usr/bin/bash");
        Assert.Equal("root", Str(shell, "runAs"));
        Assert.Equal("/root", Str(shell, "cwd"));
        Assert.Equal(Facts.Tty, Str(shell, "tty"));
    }

    [Fact]
    public async Task Wrong_password_comes_back_denied_with_the_attempt_count()
    {
        var items = await run.ItemsAsync($"sudo?host={Facts.Host}&user={User}&outcome=denied");
        var wrong = Assert.Single(items, i => Str(i, "command") == "/usr/bin/whoami");
        Assert.Equal(1, Int(wrong, "incorrectAttempts"));
        Assert.Equal("root", Str(wrong, "runAs"));
        Assert.Equal("/etc", Str(wrong, "cwd"));
    }

    [Fact]
    public async Task Command_not_allowed_comes_back_denied_with_the_reason()
    {
        var items = await run.ItemsAsync($"sudo?host={Facts.Host}&user={User}&contains=shadow");
        var refused = Assert.Single(items);
        Assert.Equal("/usr/bin/cat /etc/shadow", Str(refused, "command"));
        Assert.Equal("denied", Str(refused, "outcome"));
        Assert.Contains("not allowed", Str(refused, "reason"), StringComparison.Ordinal);
        Assert.Equal("root", Str(refused, "runAs"));
    }

    [Fact]
    public async Task Su_failed_to_nobody_and_succeeded_to_self_come_back_in_the_timeline()
    {
        var items = await run.ItemsAsync($"timeline?host={Facts.Host}&user={User}&kinds=su");
        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.Equal("su", Str(i, "kind")));
        Assert.Contains(items, i => i.GetProperty("detail").GetProperty("target").GetString() == "nobody" && !i.GetProperty("detail").GetProperty("success").GetBoolean());
        Assert.Contains(items, i => i.GetProperty("detail").GetProperty("target").GetString() == User && i.GetProperty("detail").GetProperty("success").GetBoolean());
        Assert.All(items, i => Assert.Equal(Facts.Tty, i.GetProperty("detail").GetProperty("tty").GetString()));
    }
}
