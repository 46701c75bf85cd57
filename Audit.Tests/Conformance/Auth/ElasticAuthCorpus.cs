using Audit.Domain.Parsing;
using Audit.Domain.Syslog;
using Audit.Tests.Support;

namespace Audit.Tests.Conformance.Auth;

/// <summary>
/// Filebeat's (beats-system-auth) and Elastic Agent's (integrations-system-auth) system/auth tests:
/// each log line against its expected ECS document. RFC 3164 lines have no year; the peers' own
/// clock (their expected <c>@timestamp</c>) is given to us as the reference, and their
/// <c>event.timezone</c> as the zone, so the comparison checks month, day, time and zone handling.
/// </summary>
internal static class ElasticAuthCorpus
{
    public const string PaddedSudoUser = "peer bug (corpus README): Filebeat keeps the padding space of `sudo:    user :` in user.name; we trim it";
    public const string OtherCommit = "the expected file comes from another commit than the log (SOURCES.tsv: this IP differs)";
    public const string PerFileStep = "by design: shadow-utils logs a change once per file (/etc/group, /etc/gshadow) and then as a summary; the summary (or the /etc/group membership line) is the event, the per-file and gshadow lines are noise";
    public const string Milliseconds = "the peer stores milliseconds (Elasticsearch date); we keep the microseconds the line carries";
    public const string PamSummary = "by design: 'PAM N more authentication failures' summarises failures already logged one by one, so it is noise";

    private static readonly (string Log, string Expected)[] BeatsFiles =
    [
        ("test.log", "test.log-expected.json"),
        ("timestamp.log", "timestamp.log-expected.json"),
    ];

    private static readonly (string Log, string Expected)[] IntegrationFiles =
    [
        ("test-auth.log", "test-auth.log-expected.json"),
        ("test-sudo-no-tty.log", "test-sudo-no-tty.log-expected.json"),
        ("test-usermod-group.log", "test-usermod-group.log-expected.json"),
        ("test-groupdel.log", "test-groupdel.log-expected.json"),
        ("test-pam-extraction.log", "test-pam-extraction.log-expected.json"),
        ("test-auth-rhel79.log", "test-auth-rhel79.log-expected.json"),
    ];

    private static readonly string[] IntegrationLogsWithoutExpectations =
    [
        "test-5424.log", "test-auth-ubuntu1204.log", "test-gpasswd.log", "test-iam-systemctl.log", "test-pam-chauthtok-iso8601.log",
        "test-pam-faillock.log", "test-unix-chkpwd.log", "test-userdel.log",
    ];

    public static AgreementTally Beats()
    {
        var tally = new AgreementTally("beats-system-auth", "Filebeat system/auth `*-expected.json` (flat 6.x fields, ECS journald)");
        foreach (var (log, expected) in BeatsFiles) CompareFile(tally, "beats-system-auth", log, expected);
        CompareJournal(tally);
        return tally;
    }

    public static AgreementTally Integrations()
    {
        var tally = new AgreementTally("integrations-system-auth", "Elastic integration system.auth `*-expected.json` (ECS)");
        foreach (var (log, expected) in IntegrationFiles) CompareFile(tally, "integrations-system-auth", log, expected);
        foreach (var log in IntegrationLogsWithoutExpectations)
        {
            foreach (var line in CorpusLines.Read("integrations-system-auth", log))
            {
                tally.Count(CorpusLines.Parse(line, CorpusLines.Context(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero))));
            }
        }

        return tally;
    }

    private static void CompareFile(AgreementTally tally, string folder, string log, string expectedFile)
    {
        var lines = CorpusLines.Read(folder, log);
        var docs = EcsDocument.Load(Corpus.Path(folder, expectedFile));
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var where = $"{log}:{i + 1}";
            if (i >= docs.Count)
            {
                // The expected file covers only the first lines of this log (SOURCES.tsv): parsed and counted only.
                tally.Count(CorpusLines.Parse(line, CorpusLines.Context(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero))));
                continue;
            }

            var doc = docs[i];
            var reference = EcsDocument.Instant(doc.Get("@timestamp")) ?? new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
            var ctx = CorpusLines.Context(reference, Zone(doc.Get("event.timezone")));
            var result = CorpusLines.Parse(line, ctx);
            tally.Count(result);
            SyslogHeader? header = CorpusLines.TryHeader(line, ctx, out var h, out var message) ? h : null;
            EcsComparer.Compare(tally, where, doc, result, header, message, (field, expected, actual) => Explain(log, line, result, field, expected, actual));
        }
    }

    /// <summary>Debian 12's journald export: the expected documents hold the message and the tag fields.</summary>
    private static void CompareJournal(AgreementTally tally)
    {
        var docs = EcsDocument.Load(Corpus.Path("beats-system-auth", "debian-12.journal-expected.json"));
        for (var i = 0; i < docs.Count; i++)
        {
            var doc = docs[i];
            var message = doc.Get("message") ?? string.Empty;
            var program = $"{doc.Get("process.name")}[{doc.Get("process.pid")}]";
            var ctx = CorpusLines.Context(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero), host: doc.Get("host.hostname") ?? "shipper") with { Program = program };
            var result = CorpusLines.Parse(message, ctx);
            tally.Count(result);
            var where = $"debian-12.journal:{i + 1}";
            EcsComparer.Compare(tally, where, doc, result, null, message, (field, expected, actual) => Explain("debian-12.journal", message, result, field, expected, actual));
        }
    }

    private static string? Explain(string log, string line, ParseResult result, string field, string? expected, string? actual)
    {
        if (field == "@timestamp" && expected is not null && actual is not null && EcsDocument.Instant(expected) is { } e && EcsDocument.Instant(actual) is { } a
            && a.Ticks - e.Ticks is >= 0 and < TimeSpan.TicksPerMillisecond) return Milliseconds;
        if (field == "user.name" && expected is not null && expected.StartsWith(' ') && expected.Trim() == actual) return PaddedSudoUser;
        if (log == "test.log" && field == "source.ip" && actual is not null && line.Contains(actual, StringComparison.Ordinal) && !line.Contains(expected ?? "?", StringComparison.Ordinal)) return OtherCommit;
        if (result.Status == ParseStatus.Noise && (line.Contains("shadow group", StringComparison.Ordinal) || line.Contains("group added to /etc/", StringComparison.Ordinal) || line.Contains("removed from /etc/", StringComparison.Ordinal))) return PerFileStep;
        if (result.Status == ParseStatus.Noise && line.Contains(" more authentication failure", StringComparison.Ordinal)) return PamSummary;
        return null;
    }

    private static TimeZoneInfo Zone(string? offset)
    {
        if (offset is null || offset is "+0000" or "+00:00" or "Z") return TimeZoneInfo.Utc;
        var sign = offset[0] == '-' ? -1 : 1;
        var digits = offset[1..].Replace(":", string.Empty, StringComparison.Ordinal);
        var span = new TimeSpan(int.Parse(digits[..2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(digits[2..], System.Globalization.CultureInfo.InvariantCulture), 0) * sign;
        return TimeZoneInfo.CreateCustomTimeZone(offset, span, offset, offset);
    }
}
