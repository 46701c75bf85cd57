using Audit.Domain.Events;
using Audit.Domain.Parsing;

namespace Audit.Tests.Domain.Parsing;

public sealed class LineParserAuthTests
{
    private static readonly LineParser Parser = new(new SourceRouter());

    private static LineContext Ctx(string source = "/var/log/auth.log") =>
        new("shipper-host", source, null, null, new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero), TimeZoneInfo.Utc);

    [Theory]
    [InlineData("Nov  6 09:01:02 web-1 sshd[812]: Accepted publickey for alice from 192.0.2.10 port 50122 ssh2: ED25519 SHA256:a2V5", typeof(SshLogin))]
    [InlineData("2026-11-26T13:08:06.810097+00:00 deb12 sshd-session[5]: Failed password for root from 192.0.2.11 port 50123 ssh2", typeof(SshLogin))]
    [InlineData("Nov  6 09:01:02 web-1 sshd[812]: pam_unix(sshd:session): session opened for user alice(uid=1000) by alice(uid=0)", typeof(LoginSessionEvent))]
    [InlineData("Nov  6 09:01:02 web-1 sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/id", typeof(SudoCommand))]
    [InlineData("Nov  6 09:01:02 web-1 sudo: pam_unix(sudo:auth): authentication failure; logname=alice uid=1000 euid=0 tty=/dev/pts/0 ruser=alice rhost=  user=alice", typeof(SudoCommand))]
    [InlineData("Nov  6 09:01:02 web-1 su[77]: (to root) alice on pts/0", typeof(SuSwitch))]
    [InlineData("Nov  6 09:01:02 web-1 CRON[91]: pam_unix(cron:session): session closed for user root", typeof(LoginSessionEvent))]
    [InlineData("Nov  6 09:01:02 web-1 useradd[4]: new user: name=bob, UID=1001, GID=1001, home=/home/bob, shell=/bin/bash, from=/dev/pts/0", typeof(AccountChange))]
    [InlineData("Nov  6 09:01:02 web-1 gpasswd[5]: user bob added by root to group docker", typeof(AccountChange))]
    [InlineData("Nov  6 09:01:02 web-1 passwd[6]: pam_unix(passwd:chauthtok): password changed for bob", typeof(AccountChange))]
    [InlineData("<38>1 2026-11-26T14:23:55+00:00 fw.example sshd 4242 - [meta sequenceId=\"7\"] Invalid user admin from 192.0.2.12 port 50124", typeof(SshLogin))]
    [InlineData("Nov  6 09:01:02 web-1 login[300]: pam_unix(login:auth): authentication failure; logname=LOGIN uid=0 euid=0 tty=tty1 ruser= rhost=  user=root", typeof(SshLogin))]
    public void Routes_auth_lines_to_their_event(string line, Type eventType)
    {
        var result = Parser.Parse(line, Ctx());
        Assert.Equal(ParseStatus.Parsed, result.Status);
        Assert.IsType(eventType, result.Event);
    }

    [Theory]
    [InlineData("Nov  6 09:01:02 web-1 systemd-logind[400]: New session 12 of user alice.")]
    [InlineData("Nov  6 09:01:02 web-1 sshd[812]: pam_systemd(sshd:session): Failed to create session: Access denied")]
    [InlineData("Nov  6 09:01:02 web-1 sshd[812]: pam_limits(sshd:session): invalid line 'x' - skipped")]
    [InlineData("Nov  6 09:01:02 web-1 polkitd[700]: Registered Authentication Agent for unix-process:1:2")]
    [InlineData("Nov  6 09:01:02 web-1 CRON[91]: (root) CMD (run-parts /etc/cron.hourly)")]
    [InlineData("Nov  6 09:01:02  sshd[812]: last message repeated 4 times")]
    [InlineData("Nov  6 09:01:02 web-1 sshd[812]: message repeated 3 times: [ Failed password for root from 192.0.2.13 port 50125 ssh2]")]
    [InlineData("Nov  6 09:01:02: --- last message repeated 2 times ---")]
    [InlineData("Nov  6 09:01:02 web-1 unix_chkpwd[9]: password check failed for user (alice)")]
    [InlineData("Nov  6 09:01:02 web-1 commands: alice [1234]:  [0]")]
    public void Keeps_recognised_non_events_as_noise(string line)
    {
        var result = Parser.Parse(line, Ctx());
        Assert.Equal(ParseStatus.Noise, result.Status);
        Assert.False(string.IsNullOrEmpty(result.Reason));
    }

    [Theory]
    [InlineData("Nov  6 09:01:02 web-1 sshd[812]: Something new in OpenSSH 11", "sshd message not understood")]
    [InlineData("Nov  6 09:01:02 web-1 sudo: alice : strange refusal ; TTY=pts/0 ; COMMAND=/bin/ls", "sudo message not understood")]
    [InlineData("Nov  6 09:01:02 web-1 sshd[812]: pam_unix(sshd:account): brand new text", "PAM message not understood (program 'sshd')")]
    [InlineData("Nov  6 09:01:02 web-1 NetworkManager[1]: <info> link up", "no parser for program 'NetworkManager'")]
    [InlineData("Nov  6 09:01:02 web-1 no tag here", "no parser for message")]
    [InlineData("not a syslog line", "no syslog header")]
    public void Names_the_program_of_a_line_it_cannot_read(string line, string reason)
    {
        var result = Parser.Parse(line, Ctx());
        Assert.Equal(ParseStatus.Unparsed, result.Status);
        Assert.Equal(reason, result.Reason);
    }

    [Fact]
    public void Takes_the_shippers_host_when_the_line_has_none()
    {
        var result = Parser.Parse("Nov  6 09:01:02 sshd[812]: Invalid user bob from 192.0.2.14", Ctx());
        Assert.Equal("shipper-host", Assert.IsType<SshLogin>(result.Event).Host);
    }

    [Fact]
    public void Reads_a_bare_message_when_the_shipper_sent_the_tag_separately()
    {
        var ctx = Ctx() with { Program = "sshd[812]", ShipperTime = new DateTimeOffset(2026, 11, 26, 11, 0, 0, TimeSpan.Zero) };
        var login = Assert.IsType<SshLogin>(Parser.Parse("Accepted password for alice from 192.0.2.15 port 50126 ssh2", ctx).Event);
        Assert.Equal(812, login.SshdPid);
        Assert.Equal("alice", login.User);
        Assert.Equal(ctx.ShipperTime, login.OccurredAt);
        Assert.Equal("shipper-host", login.Host);
    }

    [Fact]
    public void Tries_the_shell_parser_first_for_a_commands_log()
    {
        // A user named like a program must stay a shell command in commands.log.
        var result = Parser.Parse("Nov  6 09:01:02 web-1 su: su [77]: ls [0]", Ctx("/var/log/commands.log"));
        Assert.IsType<ShellCommand>(result.Event);
        var auth = Parser.Parse("Nov  6 09:01:02 web-1 su[77]: (to root) alice on pts/0", Ctx("/var/log/commands.log"));
        Assert.IsType<SuSwitch>(auth.Event);
    }
}
