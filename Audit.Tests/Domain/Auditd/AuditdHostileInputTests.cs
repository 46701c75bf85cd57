using System.Diagnostics;
using System.Text;
using Audit.Domain.Auditd;
using Audit.Domain.Events;
using Audit.Domain.Parsing;
using static Audit.Tests.Domain.Auditd.AuditFixtures;

namespace Audit.Tests.Domain.Auditd;

public sealed class AuditdHostileInputTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

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
        var sw = Stopwatch.StartNew();
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
        Assert.NotEmpty(result.Events);
        Assert.True(sw.Elapsed < Bound, $"took {sw.Elapsed}");
    }

    public static TheoryData<string, string> HugeLines()
    {
        var mb = 1 << 20;
        return new TheoryData<string, string>
        {
            { "hex proctitle", "type=PROCTITLE msg=audit(1732611486.123:1): proctitle=" + string.Concat(Enumerable.Repeat("41", mb / 2)) },
            { "many fields", "type=SYSCALL msg=audit(1732611486.123:1): " + string.Concat(Enumerable.Repeat("a=b ", mb / 4)) },
            { "unbalanced quote", "type=SYSCALL msg=audit(1732611486.123:1): comm=\"" + new string('x', mb) },
            { "unterminated msg", "type=USER_CMD msg=audit(1732611486.123:1): pid=1 msg='cmd=" + new string('A', mb) },
            { "unbalanced brace", "type=SOCKADDR msg=audit(1732611486.123:1): saddr=0200\u001dSADDR={ " + new string('{', mb) },
            { "only separators", "type=SYSCALL msg=audit(1732611486.123:1): " + new string('\u001d', mb) },
            { "only equals", "type=SYSCALL msg=audit(1732611486.123:1): " + new string('=', mb) },
            { "only quotes", "type=SYSCALL msg=audit(1732611486.123:1): " + new string('\'', mb) },
            { "joined records", string.Concat(Enumerable.Repeat("type=CWD msg=audit(1732611486.123:1): cwd=\"/\" ", mb / 40)) },
            { "op words", "type=ADD_USER msg=audit(1732611486.123:1): msg='op=" + string.Concat(Enumerable.Repeat("w ", mb / 2)) },
            { "huge argc", "type=EXECVE msg=audit(1732611486.123:1): argc=2147483647 a0=\"x\" a2147483646=\"y\" a99999999999=\"z\"" },
            { "huge piece index", "type=EXECVE msg=audit(1732611486.123:1): argc=2 a1_len=99999999999 a1[2147483647]=41 a1[0]=\"x\"" },
            { "nul bytes", "type=SYSCALL msg=audit(1732611486.123:1): comm=\"a\0b\" exe=00410042 key=\0\0\0" },
        };
    }

    [Theory]
    [MemberData(nameof(HugeLines))]
    public void Parses_and_assembles_huge_and_broken_lines_within_a_time_bound(string why, string line)
    {
        var sw = Stopwatch.StartNew();
        var records = new List<AuditRecord>();
        AuditRecordParser.ParseAll(line, "h", records);
        Assert.NotEmpty(records);
        foreach (var r in records.Take(100)) _ = r.Fields;
        var pending = records.Select((r, i) => new PendingAuditRecord(i, r, T0)).ToList();
        var result = new AuditEventAssembler().Assemble(pending, T0.AddMinutes(1));
        Assert.NotEmpty(result.Events);
        _ = new LineParser(new SourceRouter()).Parse(line, new LineContext("h", "/var/log/audit/audit.log", null, null, T0, TimeZoneInfo.Utc));
        Assert.True(sw.Elapsed < Bound, $"{why} took {sw.Elapsed}");
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
        var sw = Stopwatch.StartNew();
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

            _ = parser.Parse(junk, new LineContext("h", "/var/log/audit/audit.log", null, null, T0, TimeZoneInfo.Utc));
        }

        Assert.True(sw.Elapsed < Bound, $"took {sw.Elapsed}");
    }
}
