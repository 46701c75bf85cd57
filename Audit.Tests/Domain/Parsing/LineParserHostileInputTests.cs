using Audit.Domain.Parsing;

namespace Audit.Tests.Domain.Parsing;

/// <summary>
/// Whatever a shipper sends, every route of the line parser answers without throwing: an event, or a
/// reason. The cost of such lines is measured in bench/Audit.Bench.Parsers (HostileLineBenchmarks).
/// </summary>
public sealed class LineParserHostileInputTests
{
    private static readonly LineParser Parser = new(new SourceRouter());

    private static readonly string[] Sources =
    [
        "/var/log/commands.log", "/var/log/auth.log", "/var/log/audit/audit.log", "/home/a/shell_alice.log", "/srv/app/audit.jsonl", "/var/log/other.log",
    ];

    private static readonly string[] Seeds =
    [
        "2026-11-26T13:08:06.810097+00:00 web-1 alice: root [4242]:   17  systemctl restart nginx [0]",
        "Nov  6 09:01:02 web-1 sshd[812]: Accepted publickey for alice from 10.0.0.1 port 51022 ssh2: ED25519 SHA256:abc",
        "type=SYSCALL msg=audit(1795687200.123:42): arch=c000003e syscall=59 success=yes exit=0 a0=1 items=1 pid=2 auid=1000 comm=\"cat\" exe=\"/usr/bin/cat\"",
        "# Thu, 26 Nov 2026 10:00:00",
        "{\"actor\":\"alice\",\"action\":\"deploy\",\"before\":{\"a\":[1,2,{\"b\":null}]}}",
        "<34>1 2026-11-26T22:14:15.003Z host su - ID47 [x a=\"\\]\"] msg",
    ];

    public static TheoryData<string> SourcesData() => [.. Sources];

    [Theory]
    [MemberData(nameof(SourcesData))]
    public void Every_prefix_of_every_seed_parses_without_throwing(string source)
    {
        var ctx = new LineContext("h", source, null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, TimeZoneInfo.Utc);
        var session = new ParseSession();
        foreach (var seed in Seeds)
        {
            for (var n = 0; n <= seed.Length; n++) Answered(Parser.Parse(seed.AsSpan(0, n), ctx, session));
        }
    }

    [Theory]
    [MemberData(nameof(SourcesData))]
    public void Megabyte_lines_and_binary_junk_get_an_answer(string source)
    {
        var ctx = new LineContext("h", source, "tag[1]", null, DateTimeOffset.UnixEpoch, TimeZoneInfo.Utc);
        var random = new Random(7);
        string[] hostile =
        [
            new string('x', 1 << 20),
            Seeds[0] + new string(' ', 1 << 20) + "[0]",
            Seeds[2] + string.Concat(Enumerable.Repeat(" a=\"", 100_000)),
            "{" + string.Concat(Enumerable.Repeat("\"k\":[", 10_000)),
            new string('\0', 4096) + "type=",
            string.Concat(Enumerable.Range(0, 1 << 16).Select(_ => (char)random.Next(0, 0xD7FF))),
            "Nov  6 09:01:02 " + new string('[', 100_000) + ": " + new string(']', 100_000),
        ];
        foreach (var line in hostile)
        {
            Answered(Parser.Parse(line, ctx, new ParseSession()));
            Answered(Parser.Parse(line, ctx with { Program = null }, new ParseSession()));
        }

        // A megabyte of one letter is no syslog or audit line: never an event there (a shell log takes any text as a command).
        if (source is "/var/log/auth.log" or "/var/log/audit/audit.log") Assert.NotEqual(ParseStatus.Parsed, Parser.Parse(hostile[0], ctx with { Program = null }, new ParseSession()).Status);
    }

    private static void Answered(ParseResult result) =>
        Assert.True(result.Status == ParseStatus.Parsed ? result.Event is not null : !string.IsNullOrEmpty(result.Reason), $"{result.Status} without an event or a reason");
}
