using Audit.Domain.Auth;
using Audit.Domain.Events;
using Audit.Domain.Parsing;

namespace Audit.Tests.Domain.Auth;

public sealed class AccountChangeParserTests
{
    [Theory]
    [InlineData("useradd", "new user: name=bob, UID=1001, GID=1001, home=/home/bob, shell=/bin/bash, from=/dev/pts/0", "user_created", "bob", 1001L, 1001L, "/home/bob", "/bin/bash", "from /dev/pts/0")]
    [InlineData("useradd", "new user: name=svc, UID=998, GID=998, home=/var/lib/svc, shell=/usr/sbin/nologin", "user_created", "svc", 998L, 998L, "/var/lib/svc", "/usr/sbin/nologin", null)]
    [InlineData("usermod", "change user 'bob' shell from '/bin/sh' to '/bin/zsh'", "user_modified", "bob", null, null, null, "/bin/zsh", "shell from '/bin/sh' to '/bin/zsh'")]
    [InlineData("usermod", "change user 'bob' home from '/home/bob' to '/srv/bob'", "user_modified", "bob", null, null, "/srv/bob", null, "home from '/home/bob' to '/srv/bob'")]
    [InlineData("usermod", "change user 'bob' UID from '1001' to '2001'", "user_modified", "bob", 2001L, null, null, null, "UID from '1001' to '2001'")]
    [InlineData("usermod", "change user `bob' GID from `1001' to `2001'", "user_modified", "bob", null, 2001L, null, null, "GID from `1001' to `2001'")]
    [InlineData("usermod", "change user 'bob' expiration from 'never' to '2027-01-31'", "user_modified", "bob", null, null, null, null, "expiration from 'never' to '2027-01-31'")]
    [InlineData("usermod", "change user 'bob' password", "user_modified", "bob", null, null, null, null, "password")]
    [InlineData("usermod", "lock user 'bob' password", "user_modified", "bob", null, null, null, null, "password locked")]
    [InlineData("usermod", "unlock user 'bob' password", "user_modified", "bob", null, null, null, null, "password unlocked")]
    [InlineData("usermod", "change user name 'bob' to 'robert'", "user_modified", "bob", null, null, null, null, "name to 'robert'")]
    [InlineData("userdel", "delete user 'bob'", "user_deleted", "bob", null, null, null, null, null)]
    [InlineData("userdel", "delete user 'bob'#012", "user_deleted", "bob", null, null, null, null, null)]
    [InlineData("chage", "changed password expiry for bob", "user_modified", "bob", null, null, null, null, "password expiry")]
    [InlineData("chfn", "changed user 'bob' information", "user_modified", "bob", null, null, null, null, "information")]
    [InlineData("chsh", "changed user 'bob' shell to '/bin/fish'", "user_modified", "bob", null, null, null, "/bin/fish", "shell")]
    [InlineData("groupadd", "new group: name=docker, GID=999", "group_created", "docker", null, 999L, null, null, null)]
    [InlineData("useradd", "new group: name=bob, GID=1001", "group_created", "bob", null, 1001L, null, null, null)]
    [InlineData("groupdel", "group 'docker' removed", "group_deleted", "docker", null, null, null, null, null)]
    [InlineData("groupdel", "remove group `docker'", "group_deleted", "docker", null, null, null, null, null)]
    [InlineData("userdel", "removed group 'bob' owned by 'bob'", "group_deleted", "bob", null, null, null, null, "owned by bob")]
    [InlineData("userdel", "removed group 'bob'", "group_deleted", "bob", null, null, null, null, null)]
    [InlineData("groupmod", "change group `devs' to `developers'", "group_modified", "devs", null, null, null, null, "name to `developers'")]
    [InlineData("groupmod", "change GID for `devs' to 3000", "group_modified", "devs", null, 3000L, null, null, "GID")]
    [InlineData("groupmod", "group changed in /etc/group (group devs/3000, new name: developers)", "group_modified", "devs", null, null, null, null, "devs/3000, new name: developers")]
    public void Parses_user_and_group_changes(string program, string message, string action, string target, long? uid, long? gid, string? home, string? shell, string? detail)
    {
        Assert.True(AccountChangeParser.TryParse(message, AuthTestLines.Line(program, 6000), out var result));
        var change = AuthTestLines.Event<AccountChange>(result);
        Assert.Equal(action, change.Action);
        Assert.Equal(target, change.Target);
        Assert.Equal(uid, change.Uid);
        Assert.Equal(gid, change.Gid);
        Assert.Equal(home, change.Home);
        Assert.Equal(shell, change.Shell);
        Assert.Equal(detail, change.Detail);
        Assert.Equal(program, change.Program);
        Assert.True(change.Success);
        Assert.Null(change.Group);
    }

    [Theory]
    [InlineData("usermod", "add 'bob' to group 'sudo'", "member_added", "bob", "sudo", null)]
    [InlineData("useradd", "add `bob' to group `users'", "member_added", "bob", "users", null)]
    [InlineData("userdel", "delete 'bob' from group 'docker'", "member_removed", "bob", "docker", null)]
    [InlineData("gpasswd", "user bob added by root to group docker", "member_added", "bob", "docker", "root")]
    [InlineData("gpasswd", "user bob removed by alice from group docker", "member_removed", "bob", "docker", "alice")]
    [InlineData("gpasswd", "add member bob to group docker by root", "member_added", "bob", "docker", "root")]
    [InlineData("gpasswd", "remove member bob from group docker by root", "member_removed", "bob", "docker", "root")]
    public void Parses_membership_changes(string program, string message, string action, string user, string group, string? actor)
    {
        Assert.True(AccountChangeParser.TryParse(message, AuthTestLines.Line(program), out var result));
        var change = AuthTestLines.Event<AccountChange>(result);
        Assert.Equal(action, change.Action);
        Assert.Equal(user, change.Target);
        Assert.Equal(group, change.Group);
        Assert.Equal(actor, change.Actor);
        Assert.True(change.Success);
    }

    [Theory]
    [InlineData("gpasswd", "password of group docker changed by root", "group_modified", "docker", "root", "password changed")]
    [InlineData("gpasswd", "members of group docker set by root to alice,bob", "group_modified", "docker", "root", "members set to alice,bob")]
    [InlineData("passwd", "password for 'bob' changed by 'root'", "password_changed", "bob", "root", null)]
    public void Records_who_made_a_change(string program, string message, string action, string target, string actor, string? detail)
    {
        Assert.True(AccountChangeParser.TryParse(message, AuthTestLines.Line(program), out var result));
        var change = AuthTestLines.Event<AccountChange>(result);
        Assert.Equal(action, change.Action);
        Assert.Equal(target, change.Target);
        Assert.Equal(actor, change.Actor);
        Assert.Equal(detail, change.Detail);
    }

    [Theory]
    [InlineData("useradd", "failed adding user 'bob', exit code: 9", "user_created", "bob", "exit code: 9")]
    [InlineData("useradd", "failed adding user `bob', data deleted", "user_created", "bob", "data deleted")]
    [InlineData("gpasswd", "alice failed to add user bob to group docker", "member_added", "bob", null)]
    [InlineData("passwd", "incorrect password for bob", "password_changed", "bob", "incorrect password")]
    public void Records_failed_changes(string program, string message, string action, string target, string? detail)
    {
        Assert.True(AccountChangeParser.TryParse(message, AuthTestLines.Line(program), out var result));
        var change = AuthTestLines.Event<AccountChange>(result);
        Assert.Equal(action, change.Action);
        Assert.Equal(target, change.Target);
        Assert.Equal(detail, change.Detail);
        Assert.False(change.Success);
    }

    [Theory]
    [InlineData("groupadd", "group added to /etc/group: name=docker, GID=999")]
    [InlineData("groupadd", "group added to /etc/gshadow: name=docker")]
    [InlineData("groupdel", "group 'docker' removed from /etc/group")]
    [InlineData("groupdel", "group 'docker' removed from /etc/gshadow")]
    [InlineData("usermod", "add 'bob' to shadow group 'sudo'")]
    [InlineData("userdel", "delete 'bob' from shadow group 'docker'")]
    [InlineData("userdel", "removed shadow group 'bob' owned by 'bob'")]
    [InlineData("usermod", "change 'bob' to 'robert' in group 'devs'")]
    public void Recognises_per_file_steps_as_noise(string program, string message)
    {
        Assert.True(AccountChangeParser.TryParse(message, AuthTestLines.Line(program), out var result));
        Assert.Equal(ParseStatus.Noise, result.Status);
        Assert.False(string.IsNullOrEmpty(result.Reason));
    }

    [Theory]
    [InlineData("new user: UID=5")]
    [InlineData("delete user bob")]
    [InlineData("add bob to group sudo")]
    [InlineData("user bob did something to group docker")]
    [InlineData("")]
    public void Leaves_other_messages_alone(string message)
    {
        Assert.False(AccountChangeParser.TryParse(message, AuthTestLines.Line("usermod"), out _));
    }
}
