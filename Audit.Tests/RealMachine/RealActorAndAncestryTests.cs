using System.Text.Json;
using static Audit.Tests.RealMachine.RealMachineRun;

namespace Audit.Tests.RealMachine;

/// <summary>
/// The person behind a change and the origin of a process, from real logs: an account created and
/// deleted in the root shell after <c>sudo -i</c> names the person (auditd's auid, merged with
/// shadow-utils' lines), and <c>id</c> run three shells deep walks up to the login.
/// </summary>
[Collection(RealMachineCollection.Name)]
public sealed class RealActorAndAncestryTests(RealMachineRun run)
{
    private ScenarioFacts Facts => run.Facts;

    [Fact]
    public async Task An_account_created_via_sudo_names_the_person_as_actor()
    {
        var items = await run.ItemsAsync($"account-changes?host={Facts.Host}&user={Facts.AdministeredAccount}");
        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.True(Str(i, "actor") == Facts.Account.Name, Describe(items)));
        var created = Assert.Single(items, i => Str(i, "action") == "user_created");
        Assert.Equal(["auth", "auditd"], created.GetProperty("seenIn").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("useradd", Str(created, "program"));
        Assert.Contains(items, i => Str(i, "action") == "user_deleted" && Str(i, "program") == "userdel");

        var byActor = await run.ItemsAsync($"account-changes?host={Facts.Host}&actor={Facts.Account.Name}");
        Assert.Contains(byActor, i => Str(i, "target") == Facts.AdministeredAccount && Str(i, "action") == "user_created");
        Assert.DoesNotContain(await run.ItemsAsync($"account-changes?host={Facts.Host}&actor=root"), i => Str(i, "target") == Facts.AdministeredAccount);
    }

    [Fact]
    public async Task A_process_three_shells_deep_walks_up_to_the_login()
    {
        var ids = await run.ItemsAsync($"executions?host={Facts.Host}&user={Facts.Account.Name}&exe=/usr/bin/id");
        // The bash hook runs id too, at every prompt; this one was started by sh.
        var id = Assert.Single(ids, e => e.GetProperty("argv").EnumerateArray().Select(a => a.GetString()).SequenceEqual(["id", "-u"]) && Str(e, "parentExe") == "/usr/bin/dash");
        Assert.Equal("sh -c id -u > /dev/null; true", Str(id, "parentCommandLine"));

        using var response = await run.Client.GetAsync($"/api/v1/executions/{Str(id, "id")}/ancestry");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        using var doc = JsonDocument.Parse(body);
        var ancestors = doc.RootElement.GetProperty("ancestors").EnumerateArray().ToList();
        Assert.True(ancestors.Count >= 3, body);
        Assert.Equal(["sh", "bash", "-bash"], ancestors.Take(3).Select(a => a.GetProperty("argv")[0].GetString()));
        Assert.Equal(Facts.ShellPid, Int(ancestors[2], "pid"));
        Assert.True(doc.RootElement.GetProperty("reachedLogin").GetBoolean(), body);
        Assert.Equal(Facts.Account.Name, Str(doc.RootElement.GetProperty("login"), "loginUser"));
    }

    [Fact]
    public async Task The_session_shows_its_process_tree_down_to_the_typed_commands_children()
    {
        var session = Assert.Single(await run.ItemsAsync($"sessions?host={Facts.Host}&user={Facts.Account.Name}"), s => Int(s, "sourcePort") == Facts.SessionClientPort);
        using var response = await run.Client.GetAsync($"/api/v1/sessions/{Str(session, "id")}");
        var body = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(body);
        var tree = doc.RootElement.GetProperty("processTree");
        var shell = Assert.Single(tree.GetProperty("children").EnumerateArray(), n => Int(n, "pid") == Facts.ShellPid);
        var typed = Assert.Single(shell.GetProperty("children").EnumerateArray(), n => Str(n, "kind") == "command" && (Str(n, "commandLine") ?? "").StartsWith("bash -c 'sh -c", StringComparison.Ordinal));
        var bash = Assert.Single(typed.GetProperty("children").EnumerateArray(), n => Str(n, "exe") == "/usr/bin/bash");
        var sh = Assert.Single(bash.GetProperty("children").EnumerateArray());
        Assert.Contains(sh.GetProperty("children").EnumerateArray(), n => Str(n, "commandLine") == "id -u");

        var sudo = Assert.Single(shell.GetProperty("children").EnumerateArray(), n => Str(n, "kind") == "command" && Str(n, "commandLine") == "sudo -i");
        Assert.Contains(Descendants(sudo), n => Int(n, "pid") == Facts.RootShellPid);
    }

    private static IEnumerable<JsonElement> Descendants(JsonElement node) =>
        node.GetProperty("children").EnumerateArray().SelectMany(c => Descendants(c).Prepend(c));
}
