using static Audit.Tests.RealMachine.RealMachineRun;

namespace Audit.Tests.RealMachine;

/// <summary>shadow-utils' real lines (useradd, groupadd, usermod, gpasswd, chpasswd, passwd, userdel, groupdel) via <c>GET /account-changes</c>.</summary>
[Collection(RealMachineCollection.Name)]
public sealed class RealAccountChangeTests(RealMachineRun run)
{
    private ScenarioFacts Facts => run.Facts;

    private TestAccount Account => Facts.Account;

    [Fact]
    public async Task Useradd_comes_back_as_user_and_group_created_with_ids_home_and_shell()
    {
        // user= is the target or the actor: the account also administered another one (RealActorAndAncestryTests).
        var items = await run.ItemsAsync($"account-changes?host={Facts.Host}&user={Account.Name}&action=user_created");
        var created = Assert.Single(items, i => Str(i, "target") == Account.Name);
        Assert.Equal(Account.Uid, Long(created, "uid"));
        Assert.Equal(Account.Gid, Long(created, "gid"));
        Assert.Equal(Account.Home, Str(created, "home"));
        Assert.Equal("/bin/bash", Str(created, "shell"));
        Assert.Equal("useradd", Str(created, "program"));
        Assert.True(created.GetProperty("success").GetBoolean());

        var groups = await run.ItemsAsync($"account-changes?host={Facts.Host}&action=group_created");
        Assert.Equal(Account.Gid, Long(Assert.Single(groups, g => Str(g, "target") == Account.Name), "gid"));
        Assert.Equal("groupadd", Str(Assert.Single(groups, g => Str(g, "target") == Account.Group), "program"));
    }

    [Fact]
    public async Task Membership_comes_back_added_removed_and_added_again_in_order()
    {
        var items = await run.ItemsAsync($"account-changes?host={Facts.Host}&user={Account.Name}&group={Account.Group}");
        var membership = items.Where(i => Str(i, "action") is "member_added" or "member_removed").Reverse()
            .Select(i => (Str(i, "action"), Str(i, "program"))).ToList();
        // usermod -aG, gpasswd -d, gpasswd -a, then userdel taking the user out of the group.
        Assert.Equal([("member_added", "usermod"), ("member_removed", "gpasswd"), ("member_added", "gpasswd"), ("member_removed", "userdel")], membership);
        Assert.All(items.Where(i => Str(i, "program") == "gpasswd"), i => Assert.Equal("root", Str(i, "actor")));
    }

    [Fact]
    public async Task Password_and_shell_changes_come_back()
    {
        var passwords = await run.ItemsAsync($"account-changes?host={Facts.Host}&user={Account.Name}&action=password_changed");
        Assert.Equal(["chpasswd", "chpasswd", "passwd"], passwords.Select(p => Str(p, "program")).Reverse());
        Assert.All(passwords, p => Assert.Equal(Account.Name, Str(p, "target")));
        var modified = await run.ItemsAsync($"account-changes?host={Facts.Host}&user={Account.Name}&action=user_modified");
        var shell = Assert.Single(modified);
        Assert.Equal("/bin/sh", Str(shell, "shell"));
        Assert.Equal("usermod", Str(shell, "program"));
    }

    [Fact]
    public async Task Userdel_and_groupdel_come_back_as_deletions()
    {
        var deleted = (await run.ItemsAsync($"account-changes?host={Facts.Host}&user={Account.Name}&action=user_deleted")).Where(i => Str(i, "target") == Account.Name).ToList();
        Assert.Equal("userdel", Str(Assert.Single(deleted), "program"));
        var groups = await run.ItemsAsync($"account-changes?host={Facts.Host}&action=group_deleted");
        Assert.Contains(groups, g => Str(g, "target") == Account.Group && Str(g, "program") == "groupdel");
        Assert.Contains(groups, g => Str(g, "target") == Account.Name && Str(g, "program") == "userdel");
        var last = (await run.ItemsAsync($"account-changes?host={Facts.Host}&user={Account.Name}"))[0];
        Assert.True(last.GetProperty("time").GetDateTimeOffset() >= Assert.Single(deleted).GetProperty("time").GetDateTimeOffset());
    }
}
