using System.Text;
using Audit.Domain.Auditd;
using Audit.Domain.Parsing;
using static Audit.Tests.Domain.Auditd.AuditFixtures;

namespace Audit.Tests.Domain.Auditd;

/// <summary>
/// Truncated, huge and binary audit lines: records come out as what they are, the assembler still gives
/// events, nothing throws. Their cost is measured in bench/Audit.Bench.Parsers (HostileLineBenchmarks).
/// </summary>
public sealed class AuditdHostileInputTests
{
    private static IEnumerable<string> FixtureLines() => SudoExecve.Concat(EnrichedConnect).Concat(
    [
        "type=USER_CMD msg=audit(1732611486.100:4019): pid=4410 uid=1001 auid=1001 ses=7 msg='cwd=\"/home/bob\" cmd=2F7573722F62696E2F6964 terminal=pts/1 res=success'\u001dUID=\"bob\" AUID=\"bob\"",
        "type=USER_START msg=audit(1170000000.100:50): user pid=700 uid=0 auid=0 msg='PAM: session open acct=root : exe=\"/usr/sbin/crond\" (hostname=?, addr=?, terminal=cron res=success)'",
        "type=AVC msg=audit(1300000000.500:70): avc:  denied  { read write } for  pid=901 comm=\"httpd\" tclass=file",
        "type=EXECVE msg=audit(1732611500.000:5000): argc=4 a0=\"python3\" a1=\"-c\" a2_len=27 a2[0]=696D706F7274206F733B207072",
        "type=SYSCALL msg=audit(1732611486.123:40): arch=c000003e syscall=2 key=\"fim\" type=CWD msg=audit(1732611486.123:40):  cwd=\"/root\"",
    ]);

    [Fact]
    public void Survives_every_prefix_of_every_fixture_line()
    {
        var pending = new List<PendingAuditRecord>();
        var id = 0L;
        foreach (var line in FixtureLines())
        {
            for (var n = 0; n <= line.Length; n++)
            {
                var prefix = line[..n];
                if (AuditRecordParser.TryParse(prefix, "h", out var r))
                {
                    _ = r.Fields;
                    pending.Add(new PendingAuditRecord(++id, r, T0));
                }
            }
        }

        Assert.NotEmpty(pending);
        var result = new AuditEventAssembler().Assemble(pending, T0.AddMinutes(1));

        // The prefixes that still hold a whole record header are records of the fixture's events: one event
        // per fixture serial, none invented from a cut-off header.
        Assert.Equal([40L, 50, 70, 4019, 4021, 4100, 5000], result.Events.Select(e => e.Serial).Order());
        Assert.Empty(result.Pending);
    }

    public static TheoryData<string, string, string> HugeLines()
    {
        var mb = 1 << 20;
        return new TheoryData<string, string, string>
        {
            { "hex proctitle", "type=PROCTITLE msg=audit(1732611486.123:1): proctitle=" + string.Concat(Enumerable.Repeat("41", mb / 2)), "PROCTITLE" },
            { "many fields", "type=SYSCALL msg=audit(1732611486.123:1): " + string.Concat(Enumerable.Repeat("a=b ", mb / 4)), "SYSCALL" },
            { "unbalanced quote", "type=SYSCALL msg=audit(1732611486.123:1): comm=\"" + new string('x', mb), "SYSCALL" },
            { "unterminated msg", "type=USER_CMD msg=audit(1732611486.123:1): pid=1 msg='cmd=" + new string('A', mb), "USER_CMD" },
            { "unbalanced brace", "type=SOCKADDR msg=audit(1732611486.123:1): saddr=0200\u001dSADDR={ " + new string('{', mb), "SOCKADDR" },
            { "only separators", "type=SYSCALL msg=audit(1732611486.123:1): " + new string('\u001d', mb), "SYSCALL" },
            { "only equals", "type=SYSCALL msg=audit(1732611486.123:1): " + new string('=', mb), "SYSCALL" },
            { "only quotes", "type=SYSCALL msg=audit(1732611486.123:1): " + new string('\'', mb), "SYSCALL" },
            { "joined records", string.Concat(Enumerable.Repeat("type=CWD msg=audit(1732611486.123:1): cwd=\"/\" ", mb / 40)), "CWD" },
            { "op words", "type=ADD_USER msg=audit(1732611486.123:1): msg='op=" + string.Concat(Enumerable.Repeat("w ", mb / 2)), "ADD_USER" },
            { "huge argc", "type=EXECVE msg=audit(1732611486.123:1): argc=2147483647 a0=\"x\" a2147483646=\"y\" a99999999999=\"z\"", "EXECVE" },
            { "huge piece index", "type=EXECVE msg=audit(1732611486.123:1): argc=2 a1_len=99999999999 a1[2147483647]=41 a1[0]=\"x\"", "EXECVE" },
            { "nul bytes", "type=SYSCALL msg=audit(1732611486.123:1): comm=\"a\0b\" exe=00410042 key=\0\0\0", "SYSCALL" },
        };
    }

    [Theory]
    [MemberData(nameof(HugeLines))]
    public void Parses_and_assembles_huge_and_broken_lines(string why, string line, string type)
    {
        var records = new List<AuditRecord>();
        AuditRecordParser.ParseAll(line, "h", records);
        Assert.True(records.Count > 0, why);
        Assert.All(records, r => Assert.Equal(type, r.Type));
        Assert.All(records, r => Assert.Equal(1L, r.Serial));
        foreach (var r in records.Take(100)) _ = r.Fields;
        var pending = records.Select((r, i) => new PendingAuditRecord(i, r, T0)).ToList();
        var result = new AuditEventAssembler().Assemble(pending, T0.AddMinutes(1));

        // All records share serial 1, so they are one event, whatever else is broken in them.
        var e = Assert.Single(result.Events);
        Assert.Equal(type, e.Type);
        Assert.Empty(result.Pending);
        var parsed = new LineParser(new SourceRouter()).Parse(line, new LineContext("h", "/var/log/audit/audit.log", null, null, T0, TimeZoneInfo.Utc));
        Assert.True(parsed.Status == ParseStatus.Parsed ? parsed.Event is not null : !string.IsNullOrEmpty(parsed.Reason), why);
    }

    [Fact]
    public void Reports_a_huge_argc_as_missing_arguments_without_inventing_them()
    {
        string[] lines =
        [
            "type=SYSCALL msg=audit(1732611486.123:1): arch=c000003e syscall=59 success=yes exit=0 items=0 pid=1 auid=1 uid=1 key=(null)",
            "type=EXECVE msg=audit(1732611486.123:1): argc=2147483647 a0=\"x\" a5=\"y\"",
            "type=EOE msg=audit(1732611486.123:1): ",
        ];
        var e = Assert.Single(new AuditEventAssembler().Assemble(Pending(lines, T0), T0.AddMinutes(1)).Events);
        Assert.Equal(["x", "y"], e.Argv);
        Assert.True(e.ArgvIncomplete);
        Assert.Equal(AuditEventCompletion.QuietWindow, e.Completion);
    }

    [Fact]
    public void Survives_binary_junk()
    {
        var random = new Random(20261126);
        var parser = new LineParser(new SourceRouter());
        for (var i = 0; i < 2000; i++)
        {
            var bytes = new byte[random.Next(1, 400)];
            random.NextBytes(bytes);
            var junk = (i % 2 == 0 ? "type=SYSCALL msg=audit(1732611486.123:1): " : "") + Encoding.Latin1.GetString(bytes);
            if (AuditRecordParser.TryParse(junk, "h", out var r))
            {
                _ = r.Fields;
                _ = new AuditEventAssembler().Assemble([new PendingAuditRecord(i, r, T0)], T0.AddMinutes(1));
            }

            var parsed = parser.Parse(junk, new LineContext("h", "/var/log/audit/audit.log", null, null, T0, TimeZoneInfo.Utc));
            Assert.True(parsed.Status == ParseStatus.Parsed ? parsed.Event is not null : !string.IsNullOrEmpty(parsed.Reason));

            // Junk without a record header is never read as a record.
            if (i % 2 == 1 && !junk.Contains("type=", StringComparison.Ordinal)) Assert.NotEqual(ParseStatus.Parsed, parsed.Status);
        }
    }
}
