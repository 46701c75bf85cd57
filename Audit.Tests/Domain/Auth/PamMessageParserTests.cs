using Audit.Domain.Auth;
using Audit.Domain.Events;
using Audit.Domain.Parsing;

namespace Audit.Tests.Domain.Auth;

public sealed class PamMessageParserTests
{
    [Theory]
    [InlineData("sshd", "pam_unix(sshd:session): session opened for user alice(uid=1000) by (uid=0)", SessionAction.Opened, "sshd", "alice", 1000, null, 0)]
    [InlineData("sshd", "pam_unix(sshd:session): session opened for user alice by (uid=0)", SessionAction.Opened, "sshd", "alice", null, null, 0)]
    [InlineData("sshd-session", "pam_unix(sshd:session): session closed for user alice", SessionAction.Closed, "sshd", "alice", null, null, null)]
    [InlineData("sudo", "pam_unix(sudo:session): session opened for user root(uid=0) by alice(uid=1000)", SessionAction.Opened, "sudo", "root", 0, "alice", 1000)]
    [InlineData("sudo", "pam_unix(sudo-i:session): session opened for user root by ops(uid=0)", SessionAction.Opened, "sudo-i", "root", null, "ops", 0)]
    [InlineData("su", "pam_unix(su-l:session): session opened for user postgres(uid=112) by alice(uid=1000)", SessionAction.Opened, "su-l", "postgres", 112, "alice", 1000)]
    [InlineData("CRON", "pam_unix(cron:session): session opened for user root(uid=0) by root(uid=0)", SessionAction.Opened, "cron", "root", 0, "root", 0)]
    [InlineData("CRON", "pam_unix(cron:session): session closed for user root", SessionAction.Closed, "cron", "root", null, null, null)]
    [InlineData("systemd", "pam_unix(systemd-user:session): session opened for user alice(uid=1000) by alice(uid=0)", SessionAction.Opened, "systemd-user", "alice", 1000, "alice", 0)]
    [InlineData("login", "pam_unix(login:session): session opened for user root(uid=0) by LOGIN(uid=0)", SessionAction.Opened, "login", "root", 0, "LOGIN", 0)]
    [InlineData("pkexec", "pam_unix(polkit-1:session): session opened for user root by (uid=1000)", SessionAction.Opened, "polkit-1", "root", null, null, 1000)]
    [InlineData("su(pam_unix)", "session opened for user news by (uid=0)", SessionAction.Opened, "su", "news", null, null, 0)]
    [InlineData("sshd(pam_unix)", "session closed for user guest", SessionAction.Closed, "sshd", "guest", null, null, null)]
    public void Parses_pam_unix_session_lines(string program, string message, SessionAction action, string service, string user, int? uid, string? byUser, int? byUid)
    {
        Assert.True(PamMessageParser.TryParse(message, AuthTestLines.Line(program, 4242), out var result));
        var session = AuthTestLines.Event<LoginSessionEvent>(result);
        Assert.Equal(action, session.Action);
        Assert.Equal(service, session.Service);
        Assert.Equal(user, session.User);
        Assert.Equal(uid, session.Uid);
        Assert.Equal(byUser, session.ByUser);
        Assert.Equal(byUid, session.ByUid);
        Assert.Equal(4242, session.Pid);
    }

    [Theory]
    [InlineData("sshd", "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=198.51.100.20  user=alice", "sshd", "alice", "198.51.100.20", null)]
    [InlineData("sshd", "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=198.51.100.21", "sshd", null, "198.51.100.21", null)]
    [InlineData("sshd", "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=dsl-7.example.net  user=root", "sshd", "root", null, "dsl-7.example.net")]
    [InlineData("sshd", "(pam_unix) authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=198.51.100.22  user=root", "sshd", "root", "198.51.100.22", null)]
    [InlineData("sshd(pam_unix)", "authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=198.51.100.23 user=guest", "sshd", "guest", "198.51.100.23", null)]
    [InlineData("vsftpd", "pam_unix(vsftpd:auth): authentication failure; logname= uid=0 euid=0 tty=ftp ruser=anon42 rhost=198.51.100.24", "vsftpd", "anon42", "198.51.100.24", null)]
    [InlineData("vsftpd", "pam_unix: authentication failure; logname= uid=0 euid=0 tty=ftp ruser=anon43 rhost=198.51.100.25", "vsftpd", "anon43", "198.51.100.25", null)]
    [InlineData("login", "pam_sss(login:auth): authentication failure; logname=LOGIN uid=0 euid=0 tty=tty1 ruser= rhost= user=alice", "login", "alice", null, null)]
    [InlineData("daemon", "pam_unix(auth): authentication failure; logname= uid=0 euid=0 tty=x ruser=evil rhost=10.1.1.1 rhost=198.51.100.26", "daemon", "evil rhost=10.1.1.1", "198.51.100.26", null)]
    [InlineData("daemon", "pam_unix(auth): authentication failure; logname= uid=0 euid=0 tty=x ruser= rhost=198.51.100.27 user=evil rhost=10.1.1.1", "daemon", "evil rhost=10.1.1.1", "198.51.100.27", null)]
    public void Turns_pam_authentication_failures_into_failed_logins(string program, string message, string service, string? user, string? ip, string? hostName)
    {
        Assert.True(PamMessageParser.TryParse(message, AuthTestLines.Line(program), out var result));
        var login = AuthTestLines.Event<SshLogin>(result);
        Assert.Equal(LoginOutcome.Failure, login.Outcome);
        Assert.Equal(SshDetail.PamFailure, login.Detail);
        Assert.Equal(service, login.Service);
        Assert.Equal(user, login.User);
        Assert.Equal(ip, login.SourceIp);
        Assert.Equal(hostName, login.SourceHost);
        Assert.Null(login.SourcePort);
    }

    [Fact]
    public void Turns_a_sudo_pam_failure_into_a_denied_sudo_by_the_invoking_user()
    {
        var message = "pam_unix(sudo:auth): authentication failure; logname=ops uid=1001 euid=0 tty=/dev/pts/2 ruser=alice rhost=  user=alice";
        Assert.True(PamMessageParser.TryParse(message, AuthTestLines.Line("sudo", 77), out var result));
        var sudo = AuthTestLines.Event<SudoCommand>(result);
        Assert.Equal("alice", sudo.User);
        Assert.Equal("ops", sudo.LoginUser);
        Assert.Equal("pts/2", sudo.Tty);
        Assert.Equal(SudoOutcome.Denied, sudo.Outcome);
        Assert.Equal("authentication failure", sudo.Reason);
        Assert.Equal("auth", sudo.Origin);
        Assert.Null(sudo.Command);
        Assert.Equal(77, sudo.Pid);
    }

    [Fact]
    public void Turns_a_su_pam_failure_into_a_failed_switch()
    {
        var message = "pam_unix(su:auth): authentication failure; logname=alice uid=1000 euid=0 tty=/dev/pts/4 ruser=alice rhost=  user=root";
        Assert.True(PamMessageParser.TryParse(message, AuthTestLines.Line("su", 78), out var result));
        var su = AuthTestLines.Event<SuSwitch>(result);
        Assert.Equal("alice", su.User);
        Assert.Equal("root", su.Target);
        Assert.False(su.Success);
        Assert.Equal("pts/4", su.Tty);
    }

    [Theory]
    [InlineData("passwd", "pam_unix(passwd:chauthtok): password changed for alice", "alice", true)]
    [InlineData("chpasswd", "pam_unix(chpasswd:chauthtok): password changed for svc-backup", "svc-backup", true)]
    [InlineData("passwd", "pam_unix(passwd:chauthtok): authentication failure; logname=bob uid=1002 euid=0 tty=pts/1 ruser= rhost=  user=bob", "bob", false)]
    public void Records_password_changes(string program, string message, string target, bool success)
    {
        Assert.True(PamMessageParser.TryParse(message, AuthTestLines.Line(program), out var result));
        var change = AuthTestLines.Event<AccountChange>(result);
        Assert.Equal(AccountAction.PasswordChanged, change.Action);
        Assert.Equal(target, change.Target);
        Assert.Equal(success, change.Success);
        Assert.Equal(program, change.Program);
    }

    [Theory]
    [InlineData("sshd", "pam_faillock(sshd:auth): Consecutive login failures for user alice account temporarily locked", "sshd", "alice")]
    [InlineData("sudo", "pam_tally2(sudo:auth): user bob (1002) tally 7, deny 5", "sudo", "bob")]
    public void Records_account_lockouts(string program, string message, string service, string user)
    {
        Assert.True(PamMessageParser.TryParse(message, AuthTestLines.Line(program), out var result));
        var login = AuthTestLines.Event<SshLogin>(result);
        Assert.Equal(SshDetail.AccountLocked, login.Detail);
        Assert.Equal(service, login.Service);
        Assert.Equal(user, login.User);
    }

    [Theory]
    [InlineData("sshd", "pam_unix(sshd:auth): check pass; user unknown")]
    [InlineData("sshd", "pam_systemd(sshd:session): New sd-bus connection (system-bus-pam-systemd-1234) opened.")]
    [InlineData("sshd", "pam_limits(sshd:session): invalid line 'x' - skipped")]
    [InlineData("login", "pam_env(login:session): Unable to open env file: /etc/default/locale: No such file or directory")]
    [InlineData("sudo", "pam_unix(sudo:auth): conversation failed")]
    [InlineData("sudo", "pam_unix(sudo:auth): auth could not identify password for [alice]")]
    [InlineData("passwd", "pam_unix(passwd:chauthtok): new password not acceptable")]
    [InlineData("sshd(pam_unix)", "3 more authentication failures; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=192.0.2.8  user=root")]
    [InlineData("sshd", "pam_faillock(sshd:auth): User unknown")]
    public void Recognises_module_chatter_as_noise(string program, string message)
    {
        Assert.True(PamMessageParser.TryParse(message, AuthTestLines.Line(program), out var result));
        Assert.Equal(ParseStatus.Noise, result.Status);
        Assert.False(string.IsNullOrEmpty(result.Reason));
    }

    [Theory]
    [InlineData("sshd", "Accepted password for alice from 192.0.2.1 port 22 ssh2")]
    [InlineData("sshd", "pam_unix(sshd:session) session opened without colon")]
    [InlineData("sshd", "pam_unix(sshd:account): something new")]
    public void Leaves_other_messages_alone(string program, string message)
    {
        Assert.False(PamMessageParser.TryParse(message, AuthTestLines.Line(program), out _));
    }
}
