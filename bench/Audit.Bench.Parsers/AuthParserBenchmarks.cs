using Audit.Domain.Parsing;
using BenchmarkDotNet.Attributes;

namespace Audit.Bench.Parsers;

/// <summary>
/// auth.log lines through <see cref="LineParser"/> (route, syslog header, message parser, event),
/// per source family; each benchmark parses four variants, so the figures are per line.
/// </summary>
[MemoryDiagnoser]
public class AuthParserBenchmarks
{
    private const int Variants = 4;

    private static readonly string[] SshdAccepted =
    [
        "Nov  6 09:01:02 web-1 sshd[812]: Accepted publickey for alice from 192.0.2.10 port 50122 ssh2: ED25519 SHA256:Qm9vL3Rlc3Qva2V5L2ZpbmdlcnByaW50MTIzNDU2Nzg",
        "Nov  6 09:01:03 web-1 sshd[813]: Accepted password for bob from 203.0.113.9 port 2222 ssh2",
        "2026-11-26T13:08:06.810097+00:00 deb12 sshd-session[5]: Accepted publickey for ci from 2001:db8:10::5 port 61000 ssh2: RSA SHA256:Y2VydGlmaWNhdGVmaW5nZXJwcmludA",
        "Nov  6 09:01:04 web-1 sshd[814]: Accepted keyboard-interactive/pam for carol from 192.0.2.44 port 51515 ssh2",
    ];

    private static readonly string[] SshdFailed =
    [
        "Nov  6 09:01:02 web-1 sshd[900]: Failed password for invalid user oracle from 203.0.113.51 port 33002 ssh2",
        "Nov  6 09:01:02 web-1 sshd[900]: Invalid user oracle from 203.0.113.51 port 33002",
        "Nov  6 09:01:03 web-1 sshd[901]: Connection closed by authenticating user root 203.0.113.63 port 41002 [preauth]",
        "2026-11-26T13:08:06.810097+00:00 deb12 sshd-session[5]: Failed password for root from 192.0.2.11 port 50123 ssh2",
    ];

    private static readonly string[] Sudo =
    [
        "Nov  6 09:01:02 web-1 sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx",
        "Nov  6 09:01:02 web-1 sudo[4021]: deploy : PWD=/opt/app ; USER=www-data ; COMMAND=/usr/bin/git pull",
        "Nov  6 09:01:02 web-1 sudo:      bob : 3 incorrect password attempts ; TTY=pts/1 ; PWD=/home/bob ; USER=root ; COMMAND=/bin/ls",
        "2026-11-26T13:08:06.810097+00:00 deb12 sudo[77]: alice : TTY=pts/2 ; PWD=/srv ; USER=root ; COMMAND=/bin/sh -c echo a#012echo b",
    ];

    private static readonly string[] PamSession =
    [
        "Nov  6 09:01:02 web-1 sshd[812]: pam_unix(sshd:session): session opened for user alice(uid=1000) by (uid=0)",
        "Nov  6 09:01:02 web-1 sshd[812]: pam_unix(sshd:session): session closed for user alice",
        "Nov  6 09:17:01 web-1 CRON[3448]: pam_unix(cron:session): session opened for user root by (uid=0)",
        "Nov  6 09:01:02 web-1 sudo: pam_unix(sudo:session): session opened for user root by alice(uid=1000)",
    ];

    private static readonly string[] AccountChange =
    [
        "Nov  6 09:01:02 web-1 useradd[4484]: new user: name=bob, UID=1001, GID=1001, home=/home/bob, shell=/bin/bash, from=/dev/pts/0",
        "Nov  6 09:01:02 web-1 groupadd[4480]: new group: name=bob, GID=1001",
        "Nov  6 09:01:02 web-1 usermod[4500]: add 'bob' to group 'sudo'",
        "Nov  6 09:01:02 web-1 gpasswd[4501]: user bob added by root to group docker",
    ];

    private readonly LineParser _parser = new(new SourceRouter());
    private LineContext _utc;
    private LineContext _berlin;

    [GlobalSetup]
    public void Setup()
    {
        var received = new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);
        _utc = new LineContext("web-1", "/var/log/auth.log", null, null, received, TimeZoneInfo.Utc);
        _berlin = _utc with { Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin") };
    }

    [Benchmark(OperationsPerInvoke = Variants)]
    public int SshdAcceptedLines() => Run(SshdAccepted, _utc);

    [Benchmark(OperationsPerInvoke = Variants)]
    public int SshdFailedLines() => Run(SshdFailed, _utc);

    [Benchmark(OperationsPerInvoke = Variants)]
    public int SudoLines() => Run(Sudo, _utc);

    [Benchmark(OperationsPerInvoke = Variants)]
    public int PamSessionLines() => Run(PamSession, _utc);

    [Benchmark(OperationsPerInvoke = Variants)]
    public int AccountChangeLines() => Run(AccountChange, _utc);

    /// <summary>The sshd lines again with a host zone that has DST, to price the zone lookup.</summary>
    [Benchmark(OperationsPerInvoke = Variants)]
    public int SshdFailedLinesInBerlin() => Run(SshdFailed, _berlin);

    private int Run(string[] lines, LineContext ctx)
    {
        var parsed = 0;
        foreach (var line in lines)
        {
            if (_parser.Parse(line, ctx).Status == ParseStatus.Parsed) parsed++;
        }

        return parsed;
    }
}
