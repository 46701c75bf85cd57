using System.Text;
using Audit.Domain.Auditd;
using Audit.Domain.Parsing;
using BenchmarkDotNet.Attributes;

namespace Audit.Bench.Parsers;

/// <summary>
/// Megabyte lines built to make a scanner go quadratic (repeated separators, unbalanced quotes and
/// brackets). The unit tests (Audit.Tests HostileInputTests, AuditdHostileInputTests) check what these
/// lines parse to; how long that takes is measured here, where a loaded machine cannot fail a build. A
/// linear parser reads each in a few milliseconds.
/// </summary>
[MemoryDiagnoser]
public class HostileLineBenchmarks
{
    private const int Mb = 1 << 20;
    private const string H = "Nov  6 09:01:02 web-1 ";

    private static readonly LineParser Parser = new(new SourceRouter());

    private static readonly LineContext Auth =
        new("h", "/var/log/auth.log", null, null, new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero), TimeZoneInfo.Utc);

    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Params("sshd from chains", "sshd address-like words", "sudo separators", "rfc5424 structured data", "tag brackets", "auditd many fields", "auditd unbalanced quote", "auditd joined records")]
    public string Line { get; set; } = "";

    private string _text = "";

    [GlobalSetup]
    public void Setup() => _text = Line switch
    {
        "sshd from chains" => H + "sshd[1]: Failed password for " + Repeat("x from ", Mb) + "192.0.2.1 port 1 ssh2",
        "sshd address-like words" => H + "sshd[1]: Connection closed by authenticating user " + Repeat("host port ", Mb) + "[preauth]",
        "sudo separators" => H + "sudo: alice : " + Repeat("TTY=x ; ", Mb) + "COMMAND=" + Repeat("#012", Mb),
        "rfc5424 structured data" => "<38>1 2026-11-26T14:23:55+00:00 fw sshd 1 - " + Repeat("[a x=\"\\]\"]", Mb) + " msg",
        "tag brackets" => H + Repeat("[", Mb) + "]:",
        "auditd many fields" => "type=SYSCALL msg=audit(1732611486.123:1): " + Repeat("a=b ", Mb),
        "auditd unbalanced quote" => "type=SYSCALL msg=audit(1732611486.123:1): comm=\"" + new string('x', Mb),
        "auditd joined records" => Repeat("type=CWD msg=audit(1732611486.123:1): cwd=\"/\" ", Mb),
        _ => throw new ArgumentOutOfRangeException(nameof(Line), Line, null),
    };

    [Benchmark]
    public int ParseAndAssemble()
    {
        if (!_text.StartsWith("type=", StringComparison.Ordinal)) return (int)Parser.Parse(_text, Auth).Status;
        var records = new List<AuditRecord>();
        AuditRecordParser.ParseAll(_text, "h", records);
        foreach (var r in records.Take(100)) _ = r.Fields;
        return new AuditEventAssembler().Assemble(records.Select((r, i) => new PendingAuditRecord(i, r, T0)), T0.AddMinutes(1)).Events.Count;
    }

    private static string Repeat(string s, int total) => new StringBuilder(total + s.Length).Insert(0, s, total / s.Length).ToString();
}
