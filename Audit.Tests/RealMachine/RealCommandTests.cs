using static Audit.Tests.RealMachine.RealMachineRun;

namespace Audit.Tests.RealMachine;

/// <summary>
/// The commands typed in the session, logged by the deploy kit's bash snippet through logger and
/// rsyslog, via <c>GET /commands</c>: all of them, in order, with exit status, shell and person.
/// </summary>
[Collection(RealMachineCollection.Name)]
public sealed class RealCommandTests(RealMachineRun run)
{
    private ScenarioFacts Facts => run.Facts;

    private string User => Facts.Account.Name;

    [Fact]
    public async Task Every_typed_command_comes_back_in_order_with_its_exit_status()
    {
        var items = await run.ItemsAsync($"commands?host={Facts.Host}&user={User}");
        var logged = items.AsEnumerable().Reverse().Select(i => (Str(i, "command"), Int(i, "exitCode"))).ToList();
        Assert.Equal(Facts.Typed.Select(t => ((string?)t.Command, (int?)t.ExitCode)), logged);
        Assert.All(items, i => Assert.Equal(User, Str(i, "user")));
        Assert.All(items, i => Assert.Equal("bash", Str(i, "shell")));
        Assert.All(items, i => Assert.Equal("/var/log/commands.log", Str(i, "source")));
        Assert.All(items, i => Assert.InRange(i.GetProperty("time").GetDateTimeOffset(), Facts.Started, Facts.Finished));
    }

    [Fact]
    public async Task Commands_typed_as_root_after_sudo_i_belong_to_the_person()
    {
        var items = await run.ItemsAsync($"commands?host={Facts.Host}&user={User}");
        var asRoot = items.Where(i => Str(i, "runAs") == "root").Reverse().ToList();
        Assert.Equal(Facts.Typed.Where(t => t.AsRoot).Select(t => t.Command), asRoot.Select(i => Str(i, "command")));
        Assert.All(asRoot, i => Assert.Equal(Facts.RootShellPid, Int(i, "shellPid")));
        // user= is the person: root is nobody's login here.
        Assert.Empty(await run.ItemsAsync($"commands?host={Facts.Host}&user=root"));
    }

    [Fact]
    public async Task Commands_of_the_login_shell_carry_its_pid_and_user()
    {
        var items = await run.ItemsAsync($"commands?host={Facts.Host}&user={User}");
        var own = items.Where(i => Str(i, "runAs") == User).ToList();
        Assert.Equal(Facts.Typed.Count(t => !t.AsRoot), own.Count);
        Assert.All(own, i => Assert.Equal(Facts.ShellPid, Int(i, "shellPid")));
    }

    [Fact]
    public async Task Exit_status_and_substring_filters_find_the_right_commands()
    {
        var failed = await run.ItemsAsync($"commands?host={Facts.Host}&user={User}&exitCode=1");
        Assert.Equal(Facts.Typed.Where(t => t.ExitCode == 1).Select(t => t.Command).Order(StringComparer.Ordinal),
            failed.Select(i => Str(i, "command")!).Order(StringComparer.Ordinal));
        var hello = await run.ItemsAsync($"commands?host={Facts.Host}&contains=HELLO-{Facts.Id}");
        Assert.Equal($"echo hello-{Facts.Id}", Str(Assert.Single(hello), "command"));
    }
}
