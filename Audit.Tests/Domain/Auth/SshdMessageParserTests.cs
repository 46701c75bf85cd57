using Audit.Domain.Auth;
using Audit.Domain.Events;
using Audit.Domain.Parsing;

namespace Audit.Tests.Domain.Auth;

public sealed class SshdMessageParserTests
{
    [Theory]
    // verdicts: methods, key types, MD5 and SHA256 fingerprints, IPv6, invalid users, old forms without port/ssh2
    [InlineData("Accepted publickey for alice from 192.0.2.10 port 50122 ssh2: ED25519 SHA256:Qm9vL3Rlc3Qva2V5L2ZpbmdlcnByaW50MTIzNDU2Nzg", "accepted", "alice", "192.0.2.10", null, 50122, "publickey", false, "ED25519", "SHA256:Qm9vL3Rlc3Qva2V5L2ZpbmdlcnByaW50MTIzNDU2Nzg")]
    [InlineData("Accepted publickey for deploy from 198.51.100.7 port 40022 ssh2: RSA 5f:0e:11:92:ab:cd:ef:01:23:45:67:89:aa:bb:cc:dd", "accepted", "deploy", "198.51.100.7", null, 40022, "publickey", false, "RSA", "5f:0e:11:92:ab:cd:ef:01:23:45:67:89:aa:bb:cc:dd")]
    [InlineData("Accepted publickey for ci from 2001:db8:10::5 port 61000 ssh2: RSA-CERT SHA256:Y2VydGlmaWNhdGVmaW5nZXJwcmludA ID ci@build (serial 42) CA ED25519 SHA256:Q0FrZXk", "accepted", "ci", "2001:db8:10::5", null, 61000, "publickey", false, "RSA-CERT", "SHA256:Y2VydGlmaWNhdGVmaW5nZXJwcmludA")]
    [InlineData("Accepted password for bob from 203.0.113.9 port 2222 ssh2", "accepted", "bob", "203.0.113.9", null, 2222, "password", false, null, null)]
    [InlineData("Accepted keyboard-interactive/pam for carol from 192.0.2.44 port 51515 ssh2", "accepted", "carol", "192.0.2.44", null, 51515, "keyboard-interactive/pam", false, null, null)]
    [InlineData("Accepted hostbased for dave from 192.0.2.45 port 51516 ssh2: ECDSA SHA256:aG9zdGtleQ, client user \"dave\", client host \"ws1.example.org\"", "accepted", "dave", "192.0.2.45", null, 51516, "hostbased", false, "ECDSA", "SHA256:aG9zdGtleQ")]
    [InlineData("Accepted gssapi-with-mic for erin@EXAMPLE.ORG from 192.0.2.46 port 51517 ssh2", "accepted", "erin@EXAMPLE.ORG", "192.0.2.46", null, 51517, "gssapi-with-mic", false, null, null)]
    [InlineData("Failed password for root from 203.0.113.50 port 33001 ssh2", "failed", "root", "203.0.113.50", null, 33001, "password", false, null, null)]
    [InlineData("Failed password for invalid user oracle from 203.0.113.51 port 33002 ssh2", "failed", "oracle", "203.0.113.51", null, 33002, "password", true, null, null)]
    [InlineData("Failed publickey for invalid user git from 2001:db8::beef port 33003 ssh2: RSA SHA256:aW52YWxpZGtleQ", "failed", "git", "2001:db8::beef", null, 33003, "publickey", true, "RSA", "SHA256:aW52YWxpZGtleQ")]
    [InlineData("Failed none for invalid user admin from 198.51.100.3 port 4000 ssh2", "failed", "admin", "198.51.100.3", null, 4000, "none", true, null, null)]
    [InlineData("Failed password for invalid user ubuntu from 198.51.100.4", "failed", "ubuntu", "198.51.100.4", null, null, "password", true, null, null)]
    [InlineData("Failed password for root from ::ffff:198.51.100.5 port 4001 ssh2", "failed", "root", "198.51.100.5", null, 4001, "password", false, null, null)]
    [InlineData("Failed keyboard-interactive for <invalid username> from 198.51.100.6 port 4002 ssh2", "failed", null, "198.51.100.6", null, 4002, "keyboard-interactive", true, null, null)]
    [InlineData(" Accepted password for frank from 2001:0db8:0000:0000:0000:0000:0000:0010 port 4003  ssh2", "accepted", "frank", "2001:0db8:0000:0000:0000:0000:0000:0010", null, 4003, "password", false, null, null)]
    // a user name that carries a fake address: the real one is the last that ends the line
    [InlineData("Failed password for invalid user x from 10.9.9.9 port 1 ssh2 from 192.0.2.77 port 4004 ssh2", "failed", "x from 10.9.9.9 port 1 ssh2", "192.0.2.77", null, 4004, "password", true, null, null)]
    [InlineData("Failed password for invalid user y from 192.0.2.78 port 4005 ssh2: from 10.9.9.9 port 1 ssh2", "failed", "y from 192.0.2.78 port 4005 ssh2:", "10.9.9.9", null, 1, "password", true, null, null)]
    // pre-authentication refusals
    [InlineData("Invalid user oracle from 203.0.113.60 port 41000", "invalid_user", "oracle", "203.0.113.60", null, 41000, null, true, null, null)]
    [InlineData("Invalid user test from 203.0.113.61", "invalid_user", "test", "203.0.113.61", null, null, null, true, null, null)]
    [InlineData("Invalid user  from 203.0.113.62 port 41001", "invalid_user", "", "203.0.113.62", null, 41001, null, true, null, null)]
    [InlineData("Connection closed by authenticating user root 203.0.113.63 port 41002 [preauth]", "preauth_closed", "root", "203.0.113.63", null, 41002, null, false, null, null)]
    [InlineData("Connection closed by invalid user admin 203.0.113.64 port 41003 [preauth]", "preauth_closed", "admin", "203.0.113.64", null, 41003, null, true, null, null)]
    [InlineData("Connection closed by 203.0.113.65 port 41004 [preauth]", "preauth_closed", null, "203.0.113.65", null, 41004, null, false, null, null)]
    [InlineData("Connection closed by authenticating user two words 10.0.0.1 203.0.113.66 port 41005 [preauth]", "preauth_closed", "two words 10.0.0.1", "203.0.113.66", null, 41005, null, false, null, null)]
    [InlineData("Connection reset by authenticating user root 203.0.113.67 port 41006 [preauth]", "preauth_reset", "root", "203.0.113.67", null, 41006, null, false, null, null)]
    [InlineData("Connection reset by 203.0.113.68 port 41007 [preauth]", "preauth_reset", null, "203.0.113.68", null, 41007, null, false, null, null)]
    [InlineData("Disconnected from authenticating user root 203.0.113.69 port 41008 [preauth]", "preauth_disconnect", "root", "203.0.113.69", null, 41008, null, false, null, null)]
    [InlineData("Disconnected from invalid user guest 203.0.113.70 port 41009 [preauth]", "preauth_disconnect", "guest", "203.0.113.70", null, 41009, null, true, null, null)]
    [InlineData("Disconnected from invalid user guest 203.0.113.71 port 41010", "preauth_disconnect", "guest", "203.0.113.71", null, 41010, null, true, null, null)]
    [InlineData("Disconnected from 203.0.113.72 port 41011 [preauth]", "preauth_disconnect", null, "203.0.113.72", null, 41011, null, false, null, null)]
    [InlineData("Received disconnect from 203.0.113.73 port 41012:11: Bye Bye [preauth]", "preauth_disconnect", null, "203.0.113.73", null, 41012, null, false, null, null)]
    [InlineData("error: Received disconnect from 203.0.113.74: 3: com.example.ssh.AuthFail [preauth]", "preauth_disconnect", null, "203.0.113.74", null, null, null, false, null, null)]
    [InlineData("Received disconnect from 203.0.113.75 port 41013:14: No supported authentication methods available", "preauth_disconnect", null, "203.0.113.75", null, 41013, null, false, null, null)]
    [InlineData("error: maximum authentication attempts exceeded for root from 203.0.113.76 port 41014 ssh2 [preauth]", "max_auth_attempts", "root", "203.0.113.76", null, 41014, null, false, null, null)]
    [InlineData("error: maximum authentication attempts exceeded for invalid user pi from 203.0.113.77 port 41015 ssh2 [preauth]", "max_auth_attempts", "pi", "203.0.113.77", null, 41015, null, true, null, null)]
    [InlineData("Disconnecting: Too many authentication failures for root [preauth]", "max_auth_attempts", "root", null, null, null, null, false, null, null)]
    [InlineData("Disconnecting authenticating user root 203.0.113.78 port 41016: Too many authentication failures [preauth]", "max_auth_attempts", "root", "203.0.113.78", null, 41016, null, false, null, null)]
    [InlineData("Disconnecting invalid user bob 203.0.113.79 port 41017: Change of username or service not allowed: (bob,ssh-connection) -> (rob,ssh-connection) [preauth]", "preauth_disconnect", "bob", "203.0.113.79", null, 41017, null, true, null, null)]
    [InlineData("Did not receive identification string from 203.0.113.80 port 41018", "no_identification", null, "203.0.113.80", null, 41018, null, false, null, null)]
    [InlineData("Did not receive identification string from 203.0.113.81", "no_identification", null, "203.0.113.81", null, null, null, false, null, null)]
    [InlineData("Bad protocol version identification 'GET / HTTP/1.1' from 203.0.113.82 port 41019", "bad_protocol", null, "203.0.113.82", null, 41019, null, false, null, null)]
    [InlineData("banner exchange: Connection from 203.0.113.83 port 41020: invalid format", "bad_protocol", null, "203.0.113.83", null, 41020, null, false, null, null)]
    [InlineData("Unable to negotiate with 203.0.113.84 port 41021: no matching host key type found. Their offer: ssh-dss [preauth]", "kex_failed", null, "203.0.113.84", null, 41021, null, false, null, null)]
    [InlineData("fatal: Unable to negotiate with 203.0.113.85: no matching cipher found. Their offer: 3des-cbc [preauth]", "kex_failed", null, "203.0.113.85", null, null, null, false, null, null)]
    [InlineData("ssh_dispatch_run_fatal: Connection from 203.0.113.86 port 41022: message authentication code incorrect [preauth]", "protocol_error", null, "203.0.113.86", null, 41022, null, false, null, null)]
    [InlineData("ssh_dispatch_run_fatal: Connection from authenticating user root 203.0.113.87 port 41023: Broken pipe [preauth]", "protocol_error", "root", "203.0.113.87", null, 41023, null, false, null, null)]
    [InlineData("fatal: Timeout before authentication for 203.0.113.88 port 41024", "preauth_timeout", null, "203.0.113.88", null, 41024, null, false, null, null)]
    [InlineData("User root from 203.0.113.89 not allowed because not listed in AllowUsers", "not_allowed", "root", "203.0.113.89", null, null, null, false, null, null)]
    [InlineData("User backup from gw.example.net not allowed because none of user's groups are listed in AllowGroups", "not_allowed", "backup", null, "gw.example.net", null, null, false, null, null)]
    [InlineData("ROOT LOGIN REFUSED FROM 203.0.113.90 port 41025", "root_refused", "root", "203.0.113.90", null, 41025, null, false, null, null)]
    [InlineData("refused connect from scanner.example.net (203.0.113.91)", "refused_connect", null, "203.0.113.91", null, null, null, false, null, null)]
    [InlineData("error: PAM: Authentication failure for alice from ws7.example.org", "pam_failure", "alice", null, "ws7.example.org", null, null, false, null, null)]
    [InlineData("error: PAM: User not known to the underlying authentication module for illegal user zz from 203.0.113.92", "pam_failure", "zz", "203.0.113.92", null, null, null, true, null, null)]
    [InlineData("error: PAM: authentication error for bob from 203.0.113.93 via 192.0.2.1", "pam_failure", "bob", "203.0.113.93", null, null, null, false, null, null)]
    [InlineData("[ID 800047 auth.info] Failed keyboard-interactive for greg from 203.0.113.94 port 41026 ssh2", "failed", "greg", "203.0.113.94", null, 41026, "keyboard-interactive", false, null, null)]
    [InlineData("kernel:[  970.699396]: Failed keyboard-interactive for hal from 203.0.113.95 port 41027 ssh2", "failed", "hal", "203.0.113.95", null, 41027, "keyboard-interactive", false, null, null)]
    [InlineData("kernel: [  970.699397] Failed password for ida from 203.0.113.96 port 41028 ssh2", "failed", "ida", "203.0.113.96", null, 41028, "password", false, null, null)]
    public void Parses_authentication_outcomes(
        string message, string detail, string? user, string? ip, string? hostName, int? port, string? method, bool invalid, string? keyType, string? fingerprint)
    {
        Assert.True(SshdMessageParser.TryParse(message, AuthTestLines.Line(), out var result));
        var login = AuthTestLines.Event<SshLogin>(result);
        Assert.Equal(detail, login.Detail);
        Assert.Equal(detail == SshDetail.Accepted ? LoginOutcome.Success : LoginOutcome.Failure, login.Outcome);
        Assert.Equal(user, login.User);
        Assert.Equal(ip, login.SourceIp);
        Assert.Equal(hostName, login.SourceHost);
        Assert.Equal(port, login.SourcePort);
        Assert.Equal(method, login.Method);
        Assert.Equal(invalid, login.InvalidUser);
        Assert.Equal(keyType, login.KeyType);
        Assert.Equal(fingerprint, login.KeyFingerprint);
        Assert.Equal("sshd", login.Service);
        Assert.Equal(812, login.SshdPid);
        Assert.Equal("web-1", login.Host);
        Assert.Equal(AuthTestLines.Time, login.OccurredAt);
    }

    [Theory]
    [InlineData("Disconnected from user alice 192.0.2.20 port 50200", "alice", "192.0.2.20", 50200)]
    [InlineData("Disconnected from user svc backup 2001:db8::20 port 50201", "svc backup", "2001:db8::20", 50201)]
    public void Parses_the_end_of_an_authenticated_session(string message, string user, string ip, int port)
    {
        Assert.True(SshdMessageParser.TryParse(message, AuthTestLines.Line("sshd-session", 900), out var result));
        var session = AuthTestLines.Event<LoginSessionEvent>(result);
        Assert.Equal(SessionAction.Closed, session.Action);
        Assert.Equal("sshd", session.Service);
        Assert.Equal(user, session.User);
        Assert.Equal(ip, session.SourceIp);
        Assert.Equal(port, session.SourcePort);
        Assert.Equal(900, session.Pid);
    }

    [Theory]
    [InlineData("Connection from 192.0.2.30 port 50300 on 192.0.2.1 port 22 rdomain \"\"")]
    [InlineData("Server listening on :: port 22.")]
    [InlineData("Received signal 15; terminating.")]
    [InlineData("Connection closed by 192.0.2.31 port 50301")]
    [InlineData("Received disconnect from 192.0.2.32 port 50302:11: disconnected by user")]
    [InlineData("Postponed publickey for alice from 192.0.2.33 port 50303 ssh2 [preauth]")]
    [InlineData("Partial publickey for alice from 192.0.2.34 port 50304 ssh2: ED25519 SHA256:cGFydGlhbA")]
    [InlineData("input_userauth_request: invalid user nobody [preauth]")]
    [InlineData("error: kex_exchange_identification: Connection closed by remote host")]
    [InlineData("error: kex_exchange_identification: client sent invalid protocol identifier \"MGLNDD_192.0.2.1_22\"")]
    [InlineData("Disconnecting: Change of username or service not allowed [preauth]")]
    [InlineData("reverse mapping checking getaddrinfo for host.example [192.0.2.35] failed - POSSIBLE BREAK-IN ATTEMPT!")]
    [InlineData("subsystem request for sftp by user alice")]
    [InlineData("debug1: PAM: password authentication accepted for alice")]
    [InlineData("Starting session: shell on pts/3 for alice from 192.0.2.36 port 50305 id 0")]
    [InlineData("fatal: Read from socket failed: Connection reset by peer [preauth]")]
    public void Recognises_connection_chatter_as_noise(string message)
    {
        Assert.True(SshdMessageParser.TryParse(message, AuthTestLines.Line(), out var result));
        Assert.Equal(ParseStatus.Noise, result.Status);
        Assert.False(string.IsNullOrEmpty(result.Reason));
        Assert.Null(result.Event);
    }

    [Theory]
    [InlineData("PAM 2 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=192.0.2.37  user=root", "root", "192.0.2.37")]
    [InlineData("PAM 5 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=2001:db8::7", null, "2001:db8::7")]
    [InlineData("PAM 1 more authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=host.example.org  user=bob", "bob", null)]
    public void Reads_pams_summary_as_noise_that_still_names_the_connection(string message, string? user, string? ip)
    {
        Assert.True(SshdMessageParser.TryParse(message, AuthTestLines.Line(), out var result));
        Assert.Equal(ParseStatus.Noise, result.Status);
        var login = Assert.IsType<SshLogin>(result.Event);
        Assert.Equal((SshDetail.PamMoreFailures, user, ip), (login.Detail, login.User, login.SourceIp));
    }

    [Theory]
    [InlineData("Disconnected from somebody user ftp 192.0.2.40 port 1 [preauth]")]
    [InlineData("Accepted publickey for")]
    [InlineData("Failed password for root from not-an-address! port 1 ssh2")]
    [InlineData("Something sshd never said")]
    [InlineData("")]
    public void Leaves_unknown_sshd_messages_to_the_caller(string message)
    {
        Assert.False(SshdMessageParser.TryParse(message, AuthTestLines.Line(), out _));
    }
}
