using Audit.Domain.Auth;
using Audit.Domain.Events;
using Audit.Domain.Parsing;

namespace Audit.Tests.Domain.Auth;

/// <summary>
/// sshd connections as OpenSSH 9.2 with PAM logs them, merged into attempt rows. Lines are written
/// <c>PID message</c>; <c>|</c> ends a parse pass (the state carries over); <c>~</c> lets the quiet window
/// pass. Rows read <c>outcome detail [details] user invalid</c>, updates <c>+rawIndex [details]</c>.
/// </summary>
public sealed class SshConnectionMergerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private static readonly LineParser Parser = new(new SourceRouter());

    [Theory]
    // one wrong password: PAM failure, verdict, close are one attempt
    [InlineData(new[] { "700 pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=127.0.0.1  user=alice",
        "700 Failed password for alice from 127.0.0.1 port 50100 ssh2", "700 Connection closed by authenticating user alice 127.0.0.1 port 50100 [preauth]" },
        new[] { "failure failed [pam_failure,failed,preauth_closed] alice False" })]
    // three wrong passwords in one connection: three attempts; PAM's summary and the close go to the last
    [InlineData(new[] { "701 pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=127.0.0.1  user=alice",
        "701 Failed password for alice from 127.0.0.1 port 50101 ssh2", "701 Failed password for alice from 127.0.0.1 port 50101 ssh2", "701 Failed password for alice from 127.0.0.1 port 50101 ssh2",
        "701 Connection closed by authenticating user alice 127.0.0.1 port 50101 [preauth]",
        "701 PAM 2 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=127.0.0.1  user=alice" },
        new[] { "failure failed [pam_failure,failed] alice False", "failure failed [failed] alice False", "failure failed [failed,preauth_closed,pam_more_failures] alice False" })]
    // an invalid user: "Invalid user" and PAM's "check pass; user unknown" failure are the attempt's
    [InlineData(new[] { "702 Invalid user oracle from 198.51.100.9 port 40000", "702 pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=198.51.100.9",
        "702 Failed password for invalid user oracle from 198.51.100.9 port 40000 ssh2", "702 Connection closed by invalid user oracle 198.51.100.9 port 40000 [preauth]" },
        new[] { "failure failed [invalid_user,pam_failure,failed,preauth_closed] oracle True" })]
    // a wrong password, then a key accepted: two attempts
    [InlineData(new[] { "703 pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=127.0.0.1  user=alice",
        "703 Failed password for alice from 127.0.0.1 port 50103 ssh2", "703 Accepted publickey for alice from 127.0.0.1 port 50103 ssh2: ED25519 SHA256:a2V5" },
        new[] { "failure failed [pam_failure,failed] alice False", "success accepted [accepted] alice False" })]
    // the verdict in one pass, the PAM failure (out of order) and the close in the next: the row gets them as an update
    [InlineData(new[] { "704 Failed password for alice from 127.0.0.1 port 50104 ssh2", "|",
        "704 pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=127.0.0.1  user=alice",
        "704 Connection closed by authenticating user alice 127.0.0.1 port 50104 [preauth]" },
        new[] { "failure failed [failed] alice False", "+0 [pam_failure,preauth_closed]" })]
    // the PAM failure in one pass, its verdict in the next: one attempt
    [InlineData(new[] { "705 pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=127.0.0.1  user=bob", "|",
        "705 Failed password for bob from 127.0.0.1 port 50105 ssh2" },
        new[] { "failure failed [pam_failure,failed] bob False" })]
    // a connection closed before any attempt: its own outcome, once the connection is quiet
    [InlineData(new[] { "706 Connection closed by 203.0.113.5 port 61000 [preauth]", "|", "~" },
        new[] { "closed_before_attempt preauth_closed [preauth_closed]  False" })]
    [InlineData(new[] { "707 Invalid user admin from 203.0.113.6 port 61001", "707 Connection closed by invalid user admin 203.0.113.6 port 61001 [preauth]", "~" },
        new[] { "closed_before_attempt preauth_closed [invalid_user,preauth_closed] admin True" })]
    [InlineData(new[] { "708 Did not receive identification string from 203.0.113.7 port 61002", "~" },
        new[] { "closed_before_attempt no_identification [no_identification]  False" })]
    // a PAM failure whose verdict never came is an attempt all the same
    [InlineData(new[] { "709 pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=127.0.0.1  user=carol",
        "709 Connection closed by authenticating user carol 127.0.0.1 port 50109 [preauth]", "~" },
        new[] { "failure pam_failure [pam_failure,preauth_closed] carol False" })]
    // the close before the verdict (out of order): the close waits and joins the attempt
    [InlineData(new[] { "710 Connection closed by authenticating user alice 127.0.0.1 port 50110 [preauth]", "|", "710 Failed password for alice from 127.0.0.1 port 50110 ssh2" },
        new[] { "failure failed [failed,preauth_closed] alice False" })]
    // two connections interleaved stay apart
    [InlineData(new[] { "711 Failed password for alice from 127.0.0.1 port 50111 ssh2", "712 Failed password for bob from 127.0.0.1 port 50112 ssh2",
        "711 Connection closed by authenticating user alice 127.0.0.1 port 50111 [preauth]" },
        new[] { "failure failed [failed,preauth_closed] alice False", "failure failed [failed] bob False" })]
    public void Merges_each_connection_into_one_row_per_attempt(string[] script, string[] expected)
    {
        var connections = new Dictionary<(string, int), SshConnection>();
        var merger = new SshConnectionMerger(TimeSpan.FromSeconds(10));
        var now = T0;
        var index = 0;
        var pass = new List<(long, DateTimeOffset, SshLogin)>();
        var seen = new List<string>();
        var rawIndex = new Dictionary<long, int>();

        void Run()
        {
            var result = merger.Merge(connections, pass, now);
            seen.AddRange(result.Rows.Select(r => Describe(r.Login)));
            seen.AddRange(result.Updates.Select(u => $"+{rawIndex[u.RawId]} [{string.Join(',', u.Details)}]"));
            pass.Clear();
        }

        foreach (var step in script)
        {
            switch (step)
            {
                case "|": Run(); now = now.AddSeconds(1); continue;
                case "~": now = now.AddSeconds(30); Run(); continue;
            }

            var space = step.IndexOf(' ');
            var line = $"Nov 30 09:00:{index:D2} web-1 sshd[{step[..space]}]: {step[(space + 1)..]}";
            var result = Parser.Parse(line, new LineContext("web-1", "/var/log/auth.log", null, null, now, TimeZoneInfo.Utc));
            var login = Assert.IsType<SshLogin>(result.Event);
            Assert.True(SshConnectionMerger.Takes(login), line);
            rawIndex[1000 + index] = index;
            pass.Add((1000 + index++, now, login));
        }

        Run();
        Assert.Equal(expected, seen);
    }

    [Fact]
    public void A_pid_seen_again_long_after_is_a_new_connection()
    {
        var connections = new Dictionary<(string, int), SshConnection>();
        var merger = new SshConnectionMerger(TimeSpan.FromSeconds(10));
        var first = Login("Failed password for alice from 127.0.0.1 port 1 ssh2");
        var later = Login("Connection closed by 203.0.113.9 port 2 [preauth]");
        merger.Merge(connections, [(1, T0, first)], T0);
        var result = merger.Merge(connections, [(2, T0.AddHours(1), later)], T0.AddHours(1).AddMinutes(1));
        Assert.Empty(result.Updates);
        Assert.Equal(LoginOutcome.ClosedBeforeAttempt, Assert.Single(result.Rows).Login.Outcome);
    }

    private static SshLogin Login(string message) =>
        (SshLogin)Parser.Parse($"Nov 30 09:00:00 web-1 sshd[900]: {message}", new LineContext("web-1", "/var/log/auth.log", null, null, T0, TimeZoneInfo.Utc)).Event!;

    private static string Describe(SshLogin l) =>
        $"{Outcome(l.Outcome)} {l.Detail} [{string.Join(',', l.Details ?? [])}] {l.User} {l.InvalidUser}";

    private static string Outcome(LoginOutcome o) => o switch
    {
        LoginOutcome.Success => "success",
        LoginOutcome.Failure => "failure",
        _ => "closed_before_attempt",
    };
}
