using static Audit.Tests.RealMachine.RealMachineRun;

namespace Audit.Tests.RealMachine;

/// <summary>The whole story of the run, merged: <c>GET /timeline</c> and <c>GET /search</c>.</summary>
[Collection(RealMachineCollection.Name)]
public sealed class RealTimelineAndSearchTests(RealMachineRun run)
{
    private ScenarioFacts Facts => run.Facts;

    [Fact]
    public async Task Timeline_of_the_user_has_every_kind_newest_first()
    {
        var items = await run.ItemsAsync($"timeline?host={Facts.Host}&user={Facts.Account.Name}");
        var kinds = items.Select(i => Str(i, "kind")).ToHashSet();
        foreach (var kind in new[] { "login", "session", "command", "sudo", "su", "account" }) Assert.Contains(kind, kinds);
        var times = items.Select(i => i.GetProperty("time").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderDescending(), times);
        // The story's ends: created by useradd first, deleted by userdel last.
        var accounts = items.Where(i => Str(i, "kind") == "account").Select(i => Str(i, "summary") ?? "").ToList();
        Assert.Matches($"^(user|group)_deleted {Facts.Account.Name}", accounts[0]);
        Assert.Matches($"^(group|user)_created {Facts.Account.Name}", accounts[^1]);
    }

    [Fact]
    public async Task Search_finds_what_root_ran_for_the_person_and_the_refused_sudo()
    {
        var rootRan = await run.ItemsAsync($"search?q=root-was-here-{Facts.Id}");
        var found = Assert.Single(rootRan, i => Str(i, "kind") == "command");
        Assert.Equal(Facts.Account.Name, Str(found, "user"));

        var shadow = await run.ItemsAsync($"search?q=/etc/shadow&host={Facts.Host}");
        Assert.Contains(shadow, i => Str(i, "kind") == "sudo");
        Assert.Contains(shadow, i => Str(i, "kind") == "command" && Str(i, "summary")!.Contains("sudo -p", StringComparison.Ordinal));
    }
}
