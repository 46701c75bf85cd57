using System.Globalization;
using System.Text.RegularExpressions;
using Audit.Domain.Events;
using Audit.Domain.Parsing;
using Audit.Tests.Support;

namespace Audit.Tests.Conformance.Auth;

/// <summary>
/// logstash-patterns-core's grok spec for SYSLOGLINE, SYSLOG5424LINE, SYSLOGPAMSESSION and CRONLOG:
/// for each sample line, the ECS fields the pattern must extract (process name and pid, host name,
/// timestamp, message, PAM user and session state).
/// </summary>
internal static partial class LogstashCorpus
{
    public const string LeapSecond = "the sample's second 60 (a leap second) is kept in its minute as :59; the peer keeps the text";

    [GeneratedRegex("""(?:grok_match pattern, |message = |let\(:message\) \{ )(?<q>["'])(?<line>(?:(?!\k<q>)[^\\]|\\.)*)\k<q>""", RegexOptions.None, 1000)]
    private static partial Regex Sample();

    [GeneratedRegex("""if ecs_compatibility\?(?<ecs>.*?)(?:\belse\b|\bend\b)""", RegexOptions.Singleline, 1000)]
    private static partial Regex EcsBranch();

    [GeneratedRegex("""\bit ['"]|\bcontext ['"]""", RegexOptions.None, 1000)]
    private static partial Regex Example();

    public static AgreementTally Run()
    {
        var tally = new AgreementTally("logstash-patterns-core", "grok spec `syslog_spec.rb` (ECS fields of SYSLOGLINE, SYSLOG5424LINE, SYSLOGPAMSESSION, CRONLOG)");
        var spec = File.ReadAllText(Corpus.Path("logstash-patterns-core", "syslog_spec.rb"));
        var starts = Example().Matches(spec).Select(m => m.Index).Append(spec.Length).ToList();
        var ctx = CorpusLines.Context(new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.Zero));
        string? lastSample = null;
        for (var k = 0; k + 1 < starts.Count; k++)
        {
            var block = spec[starts[k]..starts[k + 1]];
            var sample = Sample().Match(block);
            if (sample.Success)
            {
                lastSample = sample.Groups["q"].Value == "\"" ? Regex.Unescape(sample.Groups["line"].Value) : sample.Groups["line"].Value;
                if (sample.Groups["line"].Value.Contains("#{", StringComparison.Ordinal)) lastSample = null;
            }

            // A context's let(:message) serves the examples inside it.
            var ecs = EcsBranch().Match(block);
            if (lastSample is null || !ecs.Success) continue;
            var line = lastSample;
            var afterBranch = block[(ecs.Index + ecs.Length)..];
            if (ecs.Value.EndsWith("else", StringComparison.Ordinal))
            {
                var end = Regex.Match(afterBranch, @"\bend\b", RegexOptions.None, TimeSpan.FromSeconds(1));
                afterBranch = end.Success ? afterBranch[(end.Index + 3)..] : string.Empty;
            }

            Compare(tally, line, ecs.Groups["ecs"].Value + afterBranch, ctx);
            lastSample = sample.Success ? lastSample : null;
        }

        return tally;
    }

    private static void Compare(AgreementTally tally, string line, string body, in LineContext ctx)
    {
        var result = CorpusLines.Parse(line, ctx);
        tally.Count(result);
        var ok = CorpusLines.TryHeader(line, ctx, out var h, out var message);
        var where = $"syslog_spec.rb: {line[..Math.Min(40, line.Length)]}…";
        var cron = line.Contains(" CMD (", StringComparison.Ordinal);
        if (Find(body, @"""process"" => \{[^}]*?""name"" => ""([^""]*)""") is { } name) tally.Compare(where, "process.name", name, ok ? h.Program : null);
        if (Find(body, @"""pid"" => (\d+)") is { } pid) tally.Compare(where, "process.pid", pid, ok ? h.Pid?.ToString(CultureInfo.InvariantCulture) : null);
        if (Find(body, @"""hostname"" => ""([^""]*)""") is { } host) tally.Compare(where, "host.hostname", host, ok ? h.Host : null);
        if (Find(body, @"""timestamp"" => ""([^""]*)""") is { } stamp) CompareTime(tally, where, stamp, ok ? h.Timestamp : null);
        var msg = Find(body, @"""message""\s*=>\s*\[message,\s*""((?:[^""\\]|\\.)*)""\]") is { } m ? Regex.Unescape(m) : Find(body, """eql \[message, '([^']*)'\]""");
        if (msg is not null) tally.Compare(where, "message", msg, ok ? message : null, () => cron ? CronJob : null);
        if (Find(body, @"""user"" => \{ ""name"" => ""([^""]*)""") is { } user) tally.Compare(where, "user.name", user, (result.Event as LoginSessionEvent)?.User, () => cron ? CronJob : null);
        if (Find(body, @"""session_state"" => ""(\w+)""") is { } state) tally.Compare(where, "pam.session_state", state, (result.Event as LoginSessionEvent)?.Action.ToString().ToLowerInvariant());
        if (body.Contains("to_not include(\"host\")", StringComparison.Ordinal)) tally.Compare(where, "host absent", string.Empty, ok ? h.Host : null);
    }

    public const string CronJob = "by design: a cron job start (`(root) CMD (…)`) is noise for us, kept whole; CRONLOG extracts the job's user and command";

    private static void CompareTime(AgreementTally tally, string where, string stamp, DateTimeOffset? ours)
    {
        if (EcsDocument.Instant(stamp) is { } instant)
        {
            tally.Compare(where, "timestamp", instant, ours);
            return;
        }

        if (stamp.Contains(":60", StringComparison.Ordinal))
        {
            tally.Compare(where, "timestamp", stamp, ours?.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture), () => LeapSecond);
            return;
        }

        // "Jul 14 12:17:01.234": year-less, compared as written.
        var format = stamp.Contains('.', StringComparison.Ordinal) ? "MMM d HH:mm:ss.fff" : "MMM d HH:mm:ss";
        tally.Compare(where, "timestamp", Regex.Replace(stamp, " +", " "), ours?.ToString(format, CultureInfo.InvariantCulture));
    }

    private static string? Find(string text, string pattern)
    {
        var m = Regex.Match(text, pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
        return m.Success ? m.Groups[1].Value : null;
    }
}
