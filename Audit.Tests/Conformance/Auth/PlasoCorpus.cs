using System.Globalization;
using System.Text.RegularExpressions;
using Audit.Domain.Events;
using Audit.Domain.Syslog;
using Audit.Tests.Support;

namespace Audit.Tests.Conformance.Auth;

/// <summary>
/// plaso's syslog plugin tests (<c>syslog.py</c>): for a test file, the values plaso expects of its
/// N-th event (hostname, reporter, pid, body, time; fingerprint, address and port of sshd lines).
/// plaso numbers the lines that start a record (a continuation line joins the one before, a line
/// without a known header is skipped), which is what our header parser accepts, so event N is the
/// N-th line with a header. Times without a year are compared as month, day and time.
/// </summary>
internal static partial class PlasoCorpus
{
    public const string NoColonTag = "a word without a colon after the host is no tag for us (RFC 3164: `tag:`), so the line keeps no program; plaso takes the word as reporter";
    public const string NoOpenedConnection = "by design: 'Connection from' is connection chatter (noise) for us; plaso records an opened connection";

    /// <summary>Test files syslog.py names that the corpus does not carry (ChromeOS, cron and macOS formats; corpus README).</summary>
    private static readonly HashSet<string> NotInCorpus = ["syslog_chromeos", "syslog_cron.log", "syslog_osx"];

    [GeneratedRegex("""_ParseTextFileWithPlugin\(\s*\["syslog", "(?<file>[^"]+)"\]""", RegexOptions.None, 1000)]
    private static partial Regex FileCall();

    [GeneratedRegex("""expected_event_values = \{(?<body>.*?)\}\s*event_data = storage_writer\.GetAttributeContainerByIndex\("event_data", (?<index>\d+)\)""", RegexOptions.Singleline, 1000)]
    private static partial Regex Expectation();

    [GeneratedRegex("""^\s*"(?<key>\w+)": (?<value>None|\d+|"(?:[^"\\]|\\.)*"|\((?:\s*"(?:[^"\\]|\\.)*")+\s*\))""", RegexOptions.Multiline, 1000)]
    private static partial Regex Entry();

    [GeneratedRegex(@"""((?:[^""\\]|\\.)*)""", RegexOptions.None, 1000)]
    private static partial Regex StringLiteral();

    public static AgreementTally Run()
    {
        var tally = new AgreementTally("plaso-syslog", "plaso `syslog.py` expected event values (header fields, sshd fields)");
        var source = File.ReadAllText(Corpus.Path("plaso-syslog", "syslog.py"));
        var calls = FileCall().Matches(source).Select(m => (m.Index, File: m.Groups["file"].Value)).ToList();
        var ctx = CorpusLines.Context(new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.Zero));
        var counted = new HashSet<string>();
        foreach (Match expectation in Expectation().Matches(source))
        {
            var file = calls.LastOrDefault(c => c.Index < expectation.Index).File;
            // A missing test file or event is a loader that lost its input: it fails, it is not skipped.
            if (file is null) throw new InvalidOperationException($"syslog.py: no test file before the expectation at offset {expectation.Index}");
            if (NotInCorpus.Contains(file)) continue;
            var records = CorpusLines.Read("plaso-syslog", file).Where(l => CorpusLines.TryHeader(l, ctx, out _, out _)).ToList();
            if (counted.Add(file))
            {
                foreach (var l in CorpusLines.Read("plaso-syslog", file)) tally.Count(CorpusLines.Parse(l, ctx));
            }

            var index = int.Parse(expectation.Groups["index"].Value, CultureInfo.InvariantCulture);
            if (index >= records.Count) throw new InvalidOperationException($"{file}: plaso expects event {index}, the file has {records.Count} records");
            var line = records[index];
            CorpusLines.TryHeader(line, ctx, out var header, out var message);
            var e = CorpusLines.Parse(line, ctx).Event;
            var where = $"{file}:event {index}";
            foreach (Match entry in Entry().Matches(expectation.Groups["body"].Value))
            {
                CompareEntry(tally, where, entry.Groups["key"].Value, Value(entry.Groups["value"].Value), header, message, e);
            }
        }

        return tally;
    }

    private static void CompareEntry(AgreementTally tally, string where, string key, string? expected, SyslogHeader h, string message, AuditEvent? e)
    {
        var login = e as SshLogin;
        switch (key)
        {
            case "hostname": tally.Compare(where, key, expected, h.Host); break;
            case "reporter": tally.Compare(where, key, expected, h.Program, () => h.Program.Length == 0 ? NoColonTag : null); break;
            case "pid": tally.Compare(where, key, expected, h.Pid?.ToString(CultureInfo.InvariantCulture)); break;
            case "message_body": tally.Compare(where, key, expected, message.TrimStart(' ')); break;
            case "last_written_time": tally.Compare(where, key, Time(expected, out var yearless), yearless ? h.Timestamp.ToString("MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) : h.Timestamp); break;
            case "fingerprint": tally.Compare(where, key, expected, login?.KeyType is null ? null : $"{login.KeyType} {login.KeyFingerprint}"); break;
            case "ip_address": tally.Compare(where, key, expected, login?.SourceIp, () => login is null && message.Contains("Connection from", StringComparison.Ordinal) ? NoOpenedConnection : null); break;
            case "port": tally.Compare(where, key, expected, login?.SourcePort?.ToString(CultureInfo.InvariantCulture)); break;
        }
    }

    /// <summary>plaso writes a year-less time as <c>0000-MM-DDThh:mm:ss</c> (a relative year); those compare without it.</summary>
    private static object? Time(string? expected, out bool yearless)
    {
        yearless = expected is not null && expected.Length >= 4 && expected[..2] == "00";
        if (expected is null) return null;
        return yearless ? expected[5..] : EcsDocument.Instant(expected);
    }

    private static string? Value(string literal)
    {
        if (literal == "None") return null;
        if (!literal.StartsWith('"') && !literal.StartsWith('(')) return literal;
        return string.Concat(StringLiteral().Matches(literal).Select(m => Regex.Unescape(m.Groups[1].Value)));
    }
}
