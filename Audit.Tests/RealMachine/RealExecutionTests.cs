using System.Text.Json;
using static Audit.Tests.RealMachine.RealMachineRun;

namespace Audit.Tests.RealMachine;

/// <summary>auditd's real records, assembled and stored, via <c>GET /executions</c>, <c>/audit-events</c>, search and the timeline.</summary>
[Collection(RealMachineCollection.Name)]
public sealed class RealExecutionTests(RealMachineRun run)
{
    private ScenarioFacts Facts => run.Facts;

    private TestAccount Account => Facts.Account;

    private static string[] Argv(JsonElement e) => e.GetProperty("argv").EnumerateArray().Select(a => a.GetString()!).ToArray();

    [Fact]
    public async Task Programs_the_user_ran_come_back_with_argv_cwd_and_the_person()
    {
        var items = await run.ItemsAsync($"executions?host={Facts.Host}&user={Account.Name}&exe=/usr/bin/ls");
        // Debian's ~/.bashrc aliases ls: what ran is not quite what was typed.
        var ls = Assert.Single(items, e => Argv(e).SequenceEqual(["ls", "--color=auto", "-la", "/tmp"]));
        Assert.Equal(Account.Name, Str(ls, "loginUser"));
        Assert.Equal(Account.Name, Str(ls, "user"));
        Assert.Equal(Account.Home, Str(ls, "cwd"));
        Assert.Equal("exec", Str(ls, "key"));
        Assert.Equal(Account.Uid, Long(ls, "auid"));
        Assert.True(ls.GetProperty("success").GetBoolean());
    }

    [Fact]
    public async Task What_root_ran_after_sudo_i_is_found_with_the_persons_name()
    {
        // exe= too: the bash hook's own logger (and whoami) run for every prompt, with the command in logger's argv.
        var items = await run.ItemsAsync($"executions?host={Facts.Host}&user={Account.Name}&contains=debian_version&exe=/usr/bin/cat");
        var cat = Assert.Single(items);
        Assert.Equal(["cat", "/etc/debian_version"], Argv(cat));
        Assert.Equal("root", Str(cat, "user"));
        Assert.Equal("root", Str(cat, "effectiveUser"));
        Assert.Equal(Account.Name, Str(cat, "loginUser"));
        Assert.Equal("root_exec", Str(cat, "key"));
        Assert.Equal("/root", Str(cat, "cwd"));

        var asRoot = await run.ItemsAsync($"executions?host={Facts.Host}&user={Account.Name}&key=root_exec");
        Assert.All(asRoot, e => Assert.Equal(0, Long(e, "euid")));
        Assert.Contains(asRoot, e => Argv(e).SequenceEqual(["id", "-un"]));
    }

    [Fact]
    public async Task Sudo_as_nobody_runs_as_nobody_for_the_person()
    {
        var items = await run.ItemsAsync($"executions?host={Facts.Host}&user={Account.Name}&exe=/usr/bin/id");
        var id = Assert.Single(items, e => Argv(e).SequenceEqual(["/usr/bin/id"]));
        Assert.Equal("nobody", Str(id, "effectiveUser"));
        Assert.Equal(Account.Name, Str(id, "loginUser"));
    }

    [Fact]
    public async Task Sudo_use_comes_back_as_user_cmd_events_of_the_person()
    {
        var items = await run.ItemsAsync($"audit-events?host={Facts.Host}&user={Account.Name}&type=USER_CMD");
        Assert.Contains(items, e => Str(e, "command") == "true" && Str(e, "result") == "success");
        Assert.Contains(items, e => Str(e, "command") == "/usr/bin/cat /etc/shadow" && Str(e, "result") == "failed");
        Assert.Contains(items, e => Str(e, "command") == "-bash" && Str(e, "result") == "success");
        Assert.All(items, e => Assert.Equal(Facts.Tty, Str(e, "terminal")));
    }

    [Fact]
    public async Task Account_files_written_by_the_user_tools_come_back_under_the_identity_key()
    {
        var items = await run.ItemsAsync($"audit-events?host={Facts.Host}&key=identity");
        var exes = items.Select(e => Str(e, "exe")).ToHashSet();
        foreach (var exe in new[] { "/usr/sbin/useradd", "/usr/sbin/usermod", "/usr/sbin/chpasswd", "/usr/sbin/userdel", "/usr/sbin/groupdel" }) Assert.Contains(exe, exes);
        var added = await run.ItemsAsync($"audit-events?host={Facts.Host}&type=ADD_USER");
        Assert.Contains(added, e => Str(e, "exe") == "/usr/sbin/useradd" && Str(e, "result") == "success");
        Assert.NotEmpty(await run.ItemsAsync($"audit-events?host={Facts.Host}&key=sudoers"));
    }

    [Fact]
    public async Task Search_and_timeline_find_the_root_execution_for_the_person()
    {
        var search = await run.ItemsAsync($"search?q=debian_version&host={Facts.Host}");
        Assert.Contains(search, i => Str(i, "kind") == "execution" && Str(i, "user") == Account.Name);
        var timeline = await run.ItemsAsync($"timeline?host={Facts.Host}&user={Account.Name}&kinds=execution");
        Assert.Contains(timeline, i => Str(i, "summary")!.Contains("/etc/debian_version", StringComparison.Ordinal));
    }
}
