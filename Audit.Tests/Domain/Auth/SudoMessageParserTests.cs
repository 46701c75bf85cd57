using Audit.Domain.Auth;
using Audit.Domain.Events;
using Audit.Domain.Parsing;

namespace Audit.Tests.Domain.Auth;

public sealed class SudoMessageParserTests
{
    [Theory]
    [InlineData("alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/ls -la", "alice", "pts/0", "/home/alice", "root", null, "/usr/bin/ls -la")]
    [InlineData("   ops : TTY=pts/3 ; PWD=/srv ; USER=root ; COMMAND=/bin/systemctl restart nginx", "ops", "pts/3", "/srv", "root", null, "/bin/systemctl restart nginx")]
    [InlineData("deploy : PWD=/opt/app ; USER=www-data ; COMMAND=/usr/bin/git pull", "deploy", null, "/opt/app", "www-data", null, "/usr/bin/git pull")]
    [InlineData("alice : TTY=pts/1 ; PWD=/home/alice ; USER=postgres ; GROUP=postgres ; COMMAND=/usr/bin/psql", "alice", "pts/1", "/home/alice", "postgres", "postgres", "/usr/bin/psql")]
    [InlineData("alice : TTY=pts/1 ; PWD=/ ; USER=root ; TSID=000042 ; ENV=DEBUG=1 ; COMMAND=/usr/bin/env", "alice", "pts/1", "/", "root", null, "/usr/bin/env")]
    [InlineData("alice : TTY=unknown ; PWD=/ ; USER=root ; COMMAND=/bin/sh -c echo a ; echo b", "alice", "unknown", "/", "root", null, "/bin/sh -c echo a ; echo b")]
    [InlineData("alice : TTY=pts/0 ; PWD=/tmp ; USER=root ; COMMAND=/bin/sh -c printf 'a#012b'#011done", "alice", "pts/0", "/tmp", "root", null, "/bin/sh -c printf 'a\nb'\tdone")]
    [InlineData("alice : TTY=pts/0 ; PWD=/tmp ; USER=root ; COMMAND=/usr/bin/grep -c #1 notes#999", "alice", "pts/0", "/tmp", "root", null, "/usr/bin/grep -c #1 notes#999")]
    public void Parses_allowed_commands(string message, string user, string? tty, string? cwd, string? runAs, string? runAsGroup, string command)
    {
        Assert.True(SudoMessageParser.TryParse(message, AuthTestLines.Line("sudo", 3100), out var result));
        var sudo = AuthTestLines.Event<SudoCommand>(result);
        Assert.Equal(user, sudo.User);
        Assert.Equal(tty, sudo.Tty);
        Assert.Equal(cwd, sudo.Cwd);
        Assert.Equal(runAs, sudo.RunAs);
        Assert.Equal(runAsGroup, sudo.RunAsGroup);
        Assert.Equal(command, sudo.Command);
        Assert.Equal(SudoOutcome.Allowed, sudo.Outcome);
        Assert.Null(sudo.Reason);
        Assert.Equal("auth", sudo.Origin);
        Assert.Equal(3100, sudo.Pid);
    }

    [Theory]
    [InlineData("    mallory : user NOT in sudoers ; TTY=pts/2 ; PWD=/home/mallory ; USER=root ; COMMAND=/bin/bash", "mallory", "not in sudoers", null, "/bin/bash")]
    [InlineData("alice : 3 incorrect password attempts ; TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/apt update", "alice", "incorrect password", 3, "/usr/bin/apt update")]
    [InlineData("alice : 1 incorrect password attempt ; TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/id", "alice", "incorrect password", 1, "/usr/bin/id")]
    [InlineData("bob : command not allowed ; TTY=pts/5 ; PWD=/home/bob ; USER=root ; COMMAND=/usr/bin/passwd root", "bob", "command not allowed", null, "/usr/bin/passwd root")]
    [InlineData("bob : a password is required ; PWD=/home/bob ; USER=root ; COMMAND=/usr/bin/true", "bob", "password required", null, "/usr/bin/true")]
    [InlineData("bob : user NOT authorized on host ; TTY=pts/5 ; PWD=/home/bob ; USER=root ; COMMAND=/bin/ls", "bob", "not allowed on host", null, "/bin/ls")]
    public void Parses_refusals(string message, string user, string reason, int? attempts, string command)
    {
        Assert.True(SudoMessageParser.TryParse(message, AuthTestLines.Line("sudo", null), out var result));
        var sudo = AuthTestLines.Event<SudoCommand>(result);
        Assert.Equal(user, sudo.User);
        Assert.Equal(SudoOutcome.Denied, sudo.Outcome);
        Assert.Equal(reason, sudo.Reason);
        Assert.Equal(attempts, sudo.IncorrectAttempts);
        Assert.Equal(command, sudo.Command);
        Assert.Equal("root", sudo.RunAs);
        Assert.Null(sudo.Pid);
    }

    [Theory]
    [InlineData("  alice : (command continued) ; cat /etc/hosts'")]
    [InlineData("unable to execute /usr/sbin/sendmail: No such file or directory")]
    [InlineData("unable to resolve host web-1: Name or service not known")]
    public void Recognises_continuations_and_mailer_errors_as_noise(string message)
    {
        Assert.True(SudoMessageParser.TryParse(message, AuthTestLines.Line("sudo"), out var result));
        Assert.Equal(ParseStatus.Noise, result.Status);
        Assert.False(string.IsNullOrEmpty(result.Reason));
    }

    [Theory]
    [InlineData("pam_unix(sudo:session): session opened for user root by alice(uid=1000)")]
    [InlineData("alice : something new ; TTY=pts/0 ; COMMAND=/bin/ls")]
    [InlineData("alice : no keys here")]
    [InlineData("two words : TTY=pts/0 ; COMMAND=/bin/ls")]
    [InlineData("")]
    public void Leaves_other_messages_alone(string message)
    {
        Assert.False(SudoMessageParser.TryParse(message, AuthTestLines.Line("sudo"), out _));
    }
}
