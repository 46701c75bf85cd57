using System.Text;
using Audit.Domain.Auth;
using Audit.Domain.Events;
using Audit.Domain.Parsing;

namespace Audit.Tests.Domain.Auth;

/// <summary>
/// Truncated, huge, binary and separator-stuffed lines must not throw, and each comes out as its event or
/// with a reason. Their cost is measured in bench/Audit.Bench.Parsers (HostileLineBenchmarks), where a
/// loaded machine cannot turn a timing into a failure.
/// </summary>
public sealed class HostileInputTests
{
    private static readonly LineParser Parser = new(new SourceRouter());

    private static readonly LineContext Ctx =
        new("h", "/var/log/auth.log", null, null, new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero), TimeZoneInfo.Utc);

    /// <summary>One line per family and variant (own fixtures).</summary>
    public static readonly string[] Fixtures =
    [
        "Nov  6 09:01:02 web-1 sshd[812]: Accepted publickey for alice from 192.0.2.10 port 50122 ssh2: ED25519 SHA256:a2V5ZmluZ2VycHJpbnQ",
        "Nov  6 09:01:02 web-1 sshd[812]: Failed password for invalid user oracle from 2001:db8::7 port 50123 ssh2",
        "Nov  6 09:01:02 web-1 sshd[812]: Invalid user test from 192.0.2.11 port 50124",
        "Nov  6 09:01:02 web-1 sshd[812]: Connection closed by authenticating user root 192.0.2.12 port 50125 [preauth]",
        "Nov  6 09:01:02 web-1 sshd[812]: Disconnected from user alice 192.0.2.13 port 50126",
        "Nov  6 09:01:02 web-1 sshd[812]: Received disconnect from 192.0.2.14 port 50127:11: Bye Bye [preauth]",
        "Nov  6 09:01:02 web-1 sshd[812]: Disconnecting invalid user bob 192.0.2.15 port 50128: Too many authentication failures [preauth]",
        "Nov  6 09:01:02 web-1 sshd[812]: error: maximum authentication attempts exceeded for root from 192.0.2.16 port 50129 ssh2 [preauth]",
        "Nov  6 09:01:02 web-1 sshd[812]: Did not receive identification string from 192.0.2.17 port 50130",
        "Nov  6 09:01:02 web-1 sshd[812]: error: PAM: Authentication failure for alice from gw.example.org via 192.0.2.1",
        "Nov  6 09:01:02 web-1 sshd[812]: refused connect from scanner.example (192.0.2.18)",
        "Nov  6 09:01:02 web-1 sshd[812]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=192.0.2.19  user=root",
        "Nov  6 09:01:02 web-1 sshd(pam_unix)[812]: session opened for user alice by (uid=0)",
        "2026-11-26T13:08:06.810097+00:00 deb12 sshd-session[5]: pam_unix(sshd:session): session opened for user alice(uid=1000) by alice(uid=0)",
        "2026-11-26 13:08:06.801612-0700  localhost sudo: pam_unix(sudo:auth): authentication failure; logname=a uid=1 euid=0 tty=/dev/pts/1 ruser=a rhost=  user=a",
        "Nov  6 09:01:02 web-1 sudo:    alice : 3 incorrect password attempts ; TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/sh -c a#012b",
        "Nov  6 09:01:02 web-1 sudo[1]: alice : TTY=pts/0 ; PWD=/ ; USER=root ; GROUP=wheel ; ENV=A=b ; COMMAND=/usr/bin/id",
        "Nov  6 09:01:02 web-1 su[7]: FAILED SU (to root) alice on pts/0",
        "Nov  6 09:01:02 web-1 su[7]: Successful su for root by alice",
        "Nov  6 09:01:02 web-1 su[7]: 'su root' failed for bob on /dev/pts/8",
        "Nov  6 09:01:02 web-1 useradd[4]: new user: name=bob, UID=1001, GID=1001, home=/home/bob, shell=/bin/bash, from=/dev/pts/0",
        "Nov  6 09:01:02 web-1 usermod[4]: change user 'bob' shell from '/bin/sh' to '/bin/bash'",
        "Nov  6 09:01:02 web-1 userdel[4]: removed group 'bob' owned by 'bob'",
        "Nov  6 09:01:02 web-1 groupmod[4]: group changed in /etc/group (group devs/3000, new name: dev)",
        "Nov  6 09:01:02 web-1 gpasswd[4]: members of group docker set by root to alice,bob",
        "Nov  6 09:01:02 web-1 passwd[4]: pam_unix(passwd:chauthtok): password changed for bob",
        "<38>1 2026-11-26T14:23:55+00:00 fw sshd 4242 - [meta sequenceId=\"7\" x=\"a]b\"] Invalid user admin from 192.0.2.20 port 50131",
        "2026 Nov 13 13:40:01 ether sshd[1]: Connection reset by 192.0.2.21 port 5 [preauth]",
    ];

    /// <summary>The event each fixture is (same order as <see cref="Fixtures"/>).</summary>
    private static readonly Type[] FixtureEvents =
    [
        typeof(SshLogin), typeof(SshLogin), typeof(SshLogin), typeof(SshLogin), typeof(LoginSessionEvent), typeof(SshLogin), typeof(SshLogin),
        typeof(SshLogin), typeof(SshLogin), typeof(SshLogin), typeof(SshLogin), typeof(SshLogin), typeof(LoginSessionEvent), typeof(LoginSessionEvent),
        typeof(SudoCommand), typeof(SudoCommand), typeof(SudoCommand), typeof(SuSwitch), typeof(SuSwitch), typeof(SuSwitch),
        typeof(AccountChange), typeof(AccountChange), typeof(AccountChange), typeof(AccountChange), typeof(AccountChange), typeof(AccountChange),
        typeof(SshLogin), typeof(SshLogin),
    ];

    [Fact]
    public void Survives_every_prefix_of_every_fixture()
    {
        foreach (var line in Fixtures)
        {
            for (var n = 0; n <= line.Length; n++) AssertAnswered(Parser.Parse(line.AsSpan(0, n), Ctx), line);

            // A prefix that ends inside the syslog header has no message to parse: a clear reason, no guess.
            var header = Parser.Parse(line.AsSpan(0, 10), Ctx);
            Assert.Equal((ParseStatus.Unparsed, "no syslog header"), (header.Status, header.Reason));
        }
    }

    [Fact]
    public void Parses_every_fixture_to_a_result_with_a_reason_or_an_event()
    {
        Assert.Equal(Fixtures.Length, FixtureEvents.Length);
        for (var i = 0; i < Fixtures.Length; i++)
        {
            var result = Parser.Parse(Fixtures[i], Ctx);
            Assert.Equal(ParseStatus.Parsed, result.Status);
            Assert.IsType(FixtureEvents[i], result.Event);
        }
    }

    public static TheoryData<string, string, string> HugeLines()
    {
        const int Mb = 1 << 20;
        static string Repeat(string s, int total) => new StringBuilder(total + s.Length).Insert(0, s, total / s.Length).ToString();
        const string H = "Nov  6 09:01:02 web-1 ";
        return new TheoryData<string, string, string>
        {
            { "from chains", H + "sshd[1]: Failed password for " + Repeat("x from ", Mb) + "192.0.2.1 port 1 ssh2", "SshLogin" },
            { "from chains with extras", H + "sshd[1]: Accepted publickey for " + Repeat("a from 1.1.1.1 port 1 ssh2: ", Mb), "SshLogin" },
            { "address-like words", H + "sshd[1]: Connection closed by authenticating user " + Repeat("host port ", Mb) + "[preauth]", "SshLogin" },
            { "colons in a connection id", H + "sshd[1]: Disconnecting invalid user " + Repeat("a: ", Mb), "SshLogin" },
            { "invalid user from", H + "sshd[1]: Invalid user " + Repeat(" from ", Mb), "unparsed: sshd message not understood" },
            { "ipv6-ish token", H + "sshd[1]: Did not receive identification string from " + Repeat(":", Mb), "unparsed: sshd message not understood" },
            { "rhost repeated", H + "sshd[1]: pam_unix(sshd:auth): authentication failure; " + Repeat("rhost=a ", Mb), "SshLogin" },
            { "user= repeated", H + "sshd[1]: pam_unix(sshd:auth): authentication failure; " + Repeat(" user=", Mb), "SshLogin" },
            { "sudo separators", H + "sudo: alice : " + Repeat("TTY=x ; ", Mb) + "COMMAND=" + Repeat("#012", Mb), "SudoCommand" },
            { "sudo colons", H + "sudo: " + Repeat(" : ", Mb), "unparsed: sudo message not understood" },
            { "su to/on", H + "su[1]: " + Repeat("a to b on ", Mb), "SuSwitch" },
            { "su quotes", H + "su[1]: 'su " + Repeat("'", Mb), "unparsed: su message not understood" },
            { "shadow quotes", H + "usermod[1]: change user '" + Repeat("' from '", Mb), "AccountChange" },
            { "gpasswd by", H + "gpasswd[1]: password of group " + Repeat(" by ", Mb), "unparsed: gpasswd message not understood" },
            { "new user commas", H + "useradd[1]: new user: " + Repeat("name=a, ", Mb), "AccountChange" },
            { "structured data", "<38>1 2026-11-26T14:23:55+00:00 fw sshd 1 - " + Repeat("[a x=\"\\]\"]", Mb) + " msg", "unparsed: sshd message not understood" },
            { "open brackets", "<38>1 2026-11-26T14:23:55+00:00 fw sshd 1 - " + Repeat("[", Mb), "unparsed: no syslog header" },
            { "spaces", "Nov  6 09:01:02" + Repeat(" ", Mb) + "x", "unparsed: no syslog header" },
            { "tag brackets", H + Repeat("[", Mb) + "]:", "unparsed: no parser for program" },
            { "pam parentheses", H + "sshd[1]: pam_unix(" + Repeat("(", Mb) + "): x", "unparsed: PAM message not understood" },
            { "session by", H + "CRON[1]: pam_unix(cron:session): session opened for user " + Repeat(" by ", Mb), "LoginSessionEvent" },
            { "repeat summary", H + "sshd[1]: message repeated " + Repeat("9", Mb), "unparsed: sshd message not understood" },
        };
    }

    [Theory]
    [MemberData(nameof(HugeLines))]
    public void Reads_megabyte_lines_to_their_event_or_a_clear_reason(string name, string line, string expected)
    {
        // How long they take is measured in bench/Audit.Bench.Parsers (HostileLineBenchmarks), not here.
        var result = Parser.Parse(line, Ctx);
        AssertAnswered(result, name);
        if (expected.StartsWith("unparsed: ", StringComparison.Ordinal))
        {
            Assert.Equal(ParseStatus.Unparsed, result.Status);
            Assert.StartsWith(expected["unparsed: ".Length..], result.Reason, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(ParseStatus.Parsed, result.Status);
            Assert.Equal(expected, result.Event!.GetType().Name);
        }
    }

    [Fact]
    public void Survives_binary_junk_and_nul_bytes()
    {
        var random = new Random(20261126);
        var buffer = new char[512];
        for (var i = 0; i < 2000; i++)
        {
            for (var j = 0; j < buffer.Length; j++) buffer[j] = (char)random.Next(0, i % 2 == 0 ? 256 : 0x10000);
            var junk = new string(buffer, 0, random.Next(buffer.Length));
            AssertAnswered(Parser.Parse(junk, Ctx), junk);
            // Junk after a real header and tag reaches the message parsers.
            var fixture = Fixtures[i % Fixtures.Length];
            var cut = random.Next(fixture.Length);
            AssertAnswered(Parser.Parse(string.Concat(fixture.AsSpan(0, cut), junk), Ctx), fixture);
            // With its spaces turned to NUL nothing separates the header's fields: no header.
            Assert.Equal(ParseStatus.Unparsed, Parser.Parse(fixture.Replace(' ', '\0'), Ctx).Status);
            AssertAnswered(Parser.Parse(fixture.Insert(cut, "\0\0\u001d\uFFFF\uD800"), Ctx), fixture);
        }
    }

    [Theory]
    [InlineData("\0", "no syslog header")]
    [InlineData("Nov  6 09:01:02 web-1 sshd[1]: \0\0\0", "sshd message not understood")]
    [InlineData("Nov  6 09:01:02 web-1 sshd[\0]: Accepted password for \0 from \0 port \0 ssh2", "sshd message not understood")]
    [InlineData("Nov  6 09:01:02 web-1 sudo: \0 : TTY=\0 ; COMMAND=\0#0", null)]
    [InlineData("Nov  6 09:01:02 web-1 sshd[99999999999999999999]: x", "sshd message not understood")]
    [InlineData("Nov  6 09:01:02 web-1 sshd[1]: Invalid user x from 1.2.3.4 port 99999999999", "sshd message not understood")]
    public void Answers_odd_characters_in_fields_with_an_event_or_a_reason(string line, string? reason)
    {
        var result = Parser.Parse(line, Ctx);
        AssertAnswered(result, line);
        if (reason is null)
        {
            // The sudo line keeps its NUL user and command as written rather than being dropped.
            var sudo = Assert.IsType<SudoCommand>(result.Event);
            Assert.Equal("\0", sudo.User);
        }
        else
        {
            Assert.Equal((ParseStatus.Unparsed, reason), (result.Status, result.Reason));
        }
    }

    /// <summary>Every answer is an event, or names why there is none.</summary>
    private static void AssertAnswered(ParseResult result, string line)
    {
        if (result.Status == ParseStatus.Parsed) Assert.True(result.Event is not null, $"parsed without an event: {line[..Math.Min(80, line.Length)]}");
        else Assert.False(string.IsNullOrEmpty(result.Reason), $"{result.Status} without a reason: {line[..Math.Min(80, line.Length)]}");
    }

    [Fact]
    public void Message_parsers_survive_every_prefix_on_their_own()
    {
        var line = new AuthLine(DateTimeOffset.UnixEpoch, "h", "sshd", 1);
        foreach (var fixture in Fixtures)
        {
            var message = fixture[(fixture.IndexOf(": ", StringComparison.Ordinal) + 2)..];
            for (var n = 0; n <= message.Length; n++)
            {
                var prefix = message.AsSpan(0, n);
                Check(SshdMessageParser.TryParse(prefix, line, out var sshd), sshd);
                Check(PamMessageParser.TryParse(prefix, line, out var pam), pam);
                Check(SudoMessageParser.TryParse(prefix, line, out var sudo), sudo);
                Check(SuMessageParser.TryParse(prefix, line, out var su), su);
                Check(AccountChangeParser.TryParse(prefix, line, out var account), account);
            }
        }
    }

    private static void Check(bool recognised, ParseResult result)
    {
        if (!recognised) return;
        Assert.True(result.Status == ParseStatus.Parsed ? result.Event is not null : !string.IsNullOrEmpty(result.Reason));
    }
}
