using Audit.Domain.Parsing;
using BenchmarkDotNet.Attributes;

namespace Audit.Bench.Parsers;

/// <summary>Syslog header + bash PROMPT_COMMAND message, per line.</summary>
[MemoryDiagnoser]
public class BashParserBenchmarks
{
    private readonly LineParser _parser = new(new SourceRouter());
    private readonly string[] _lines =
    [
        "Nov  6 09:01:02 web-1 alice: alice [1234]: ls -la /var/log [0]",
        "2026-11-26T13:08:06.810097+00:00 deb12 alice: root [1235]:   42  systemctl restart nginx [0]",
    ];

    private LineContext _ctx;

    [GlobalSetup]
    public void Setup() => _ctx = new LineContext("web-1", "/var/log/commands.log", null, null, DateTimeOffset.UtcNow, TimeZoneInfo.Utc);

    [Benchmark(OperationsPerInvoke = 2)]
    public int ParseBashLines()
    {
        var n = 0;
        foreach (var line in _lines)
        {
            if (_parser.Parse(line, _ctx).Status == ParseStatus.Parsed) n++;
        }

        return n;
    }
}
