using System.Diagnostics;
using System.Text;
using Audit.Domain.Auth;
using Audit.Domain.Parsing;

namespace Audit.Tests.Domain.Auth;

/// <summary>
/// Truncated, huge, binary and separator-stuffed lines must neither throw nor take long: each parser
/// only scans forward or keeps its searches bounded, so a 1 MB line costs milliseconds.
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

    [Fact]
    public void Survives_every_prefix_of_every_fixture()
    {
        var watch = Stopwatch.StartNew();
        foreach (var line in Fixtures)
        {
            for (var n = 0; n <= line.Length; n++)
            {
                var prefix = line[..n];
                var result = Parser.Parse(prefix, Ctx);
                Assert.True(result.Status is ParseStatus.Parsed or ParseStatus.Noise or ParseStatus.Unparsed);
                Assert.True(result.Status == ParseStatus.Parsed ? result.Event is not null : !string.IsNullOrEmpty(result.Reason));
            }
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"prefixes took {watch.Elapsed}");
    }

    [Fact]
    public void Parses_every_fixture_to_a_result_with_a_reason_or_an_event()
    {
        foreach (var line in Fixtures)
        {
            var result = Parser.Parse(line, Ctx);
            Assert.NotEqual(ParseStatus.Unparsed, result.Status);
        }
    }

    public static TheoryData<string, string> HugeLines()
    {
        const int Mb = 1 << 20;
        static string Repeat(string s, int total) => new StringBuilder(total + s.Length).Insert(0, s, total / s.Length).ToString();
        const string H = "Nov  6 09:01:02 web-1 ";
        return new TheoryData<string, string>
        {
            { "from chains", H + "sshd[1]: Failed password for " + Repeat("x from ", Mb) + "192.0.2.1 port 1 ssh2" },
            { "from chains with extras", H + "sshd[1]: Accepted publickey for " + Repeat("a from 1.1.1.1 port 1 ssh2: ", Mb) },
            { "address-like words", H + "sshd[1]: Connection closed by authenticating user " + Repeat("host port ", Mb) + "[preauth]" },
            { "colons in a connection id", H + "sshd[1]: Disconnecting invalid user " + Repeat("a: ", Mb) },
            { "invalid user from", H + "sshd[1]: Invalid user " + Repeat(" from ", Mb) },
            { "ipv6-ish token", H + "sshd[1]: Did not receive identification string from " + Repeat(":", Mb) },
            { "rhost repeated", H + "sshd[1]: pam_unix(sshd:auth): authentication failure; " + Repeat("rhost=a ", Mb) },
            { "user= repeated", H + "sshd[1]: pam_unix(sshd:auth): authentication failure; " + Repeat(" user=", Mb) },
            { "sudo separators", H + "sudo: alice : " + Repeat("TTY=x ; ", Mb) + "COMMAND=" + Repeat("#012", Mb) },
            { "sudo colons", H + "sudo: " + Repeat(" : ", Mb) },
            { "su to/on", H + "su[1]: " + Repeat("a to b on ", Mb) },
            { "su quotes", H + "su[1]: 'su " + Repeat("'", Mb) },
            { "shadow quotes", H + "usermod[1]: change user '" + Repeat("' from '", Mb) },
            { "gpasswd by", H + "gpasswd[1]: password of group " + Repeat(" by ", Mb) },
            { "new user commas", H + "useradd[1]: new user: " + Repeat("name=a, ", Mb) },
            { "structured data", "<38>1 2026-11-26T14:23:55+00:00 fw sshd 1 - " + Repeat("[a x=\"\\]\"]", Mb) + " msg" },
            { "open brackets", "<38>1 2026-11-26T14:23:55+00:00 fw sshd 1 - " + Repeat("[", Mb) },
            { "spaces", "Nov  6 09:01:02" + Repeat(" ", Mb) + "x" },
            { "tag brackets", H + Repeat("[", Mb) + "]:" },
            { "pam parentheses", H + "sshd[1]: pam_unix(" + Repeat("(", Mb) + "): x" },
            { "session by", H + "CRON[1]: pam_unix(cron:session): session opened for user " + Repeat(" by ", Mb) },
            { "repeat summary", H + "sshd[1]: message repeated " + Repeat("9", Mb) },
        };
    }

    [Theory]
    [MemberData(nameof(HugeLines))]
    public void Handles_megabyte_lines_quickly(string name, string line)
    {
        var watch = Stopwatch.StartNew();
        var result = Parser.Parse(line, Ctx);
        watch.Stop();
        Assert.True(result.Status is ParseStatus.Parsed or ParseStatus.Noise or ParseStatus.Unparsed);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"{name}: {watch.Elapsed}");
    }

    [Fact]
    public void Survives_binary_junk_and_nul_bytes()
    {
        var random = new Random(20261126);
        var buffer = new char[512];
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 2000; i++)
        {
            for (var j = 0; j < buffer.Length; j++) buffer[j] = (char)random.Next(0, i % 2 == 0 ? 256 : 0x10000);
            var junk = new string(buffer, 0, random.Next(buffer.Length));
            Parser.Parse(junk, Ctx);
            // Junk after a real header and tag reaches the message parsers.
            var fixture = Fixtures[i % Fixtures.Length];
            var cut = random.Next(fixture.Length);
            Parser.Parse(string.Concat(fixture.AsSpan(0, cut), junk), Ctx);
            Parser.Parse(fixture.Replace(' ', '\0'), Ctx);
            Parser.Parse(fixture.Insert(cut, "\0\0\u001d\uFFFF\uD800"), Ctx);
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"junk took {watch.Elapsed}");
    }

    [Theory]
    [InlineData("\0")]
    [InlineData("Nov  6 09:01:02 web-1 sshd[1]: \0\0\0")]
    [InlineData("Nov  6 09:01:02 web-1 sshd[\0]: Accepted password for \0 from \0 port \0 ssh2")]
    [InlineData("Nov  6 09:01:02 web-1 sudo: \0 : TTY=\0 ; COMMAND=\0#0")]
    [InlineData("Nov  6 09:01:02 web-1 sshd[99999999999999999999]: x")]
    [InlineData("Nov  6 09:01:02 web-1 sshd[1]: Invalid user x from 1.2.3.4 port 99999999999")]
    public void Survives_odd_characters_in_fields(string line)
    {
        var result = Parser.Parse(line, Ctx);
        Assert.True(result.Status is ParseStatus.Parsed or ParseStatus.Noise or ParseStatus.Unparsed);
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
