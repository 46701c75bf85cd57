using System.Globalization;
using System.Text.RegularExpressions;
using Audit.Domain.Auth;
using Audit.Domain.Events;
using Audit.Domain.Parsing;
using Audit.Domain.Syslog;
using Audit.Tests.Support;

namespace Audit.Tests.Conformance.Auth;

/// <summary>
/// CrowdSec hub parser tests: <c>parser.assert</c> states, per log line, the syslog split (s00-raw:
/// program, pid, machine, timestamp, message) and what the sshd/PAM parser found (s01-parse: whether
/// it parsed, source_ip, target_user/username, log_type).
/// </summary>
internal static partial class CrowdsecCorpus
{
    public const string NotAnAuthEvent = "by design: crowdsec's sshd parser tags every sshd line it can split; for us this line is connection chatter (noise) or unparsed, not a login";

    public const string MagicValue = "our protocol_error covers sshd's dispatch errors and the obfuscated-handshake patch's 'Magic value check failed'; crowdsec files the latter as a failed auth";

    private static readonly string[] Folders =
    [
        "crowdsec-hub-sshd-logs", "crowdsec-hub-sshd-logs-fp", "crowdsec-hub-sshd-success-logs", "crowdsec-hub-sshd-invalid-bf",
        "crowdsec-hub-opnsense-sshd", "crowdsec-hub-pam-logs",
    ];

    [GeneratedRegex("""^results\["(?<stage>s00-raw|s01-parse)"\]\["[^"]+"\]\[(?<i>\d+)\]\.(?:Success == (?<ok>true|false)|Evt\.(?:Parsed|Meta)\["(?<key>\w+)"\] == "(?<value>(?:[^"\\]|\\.)*)")$""", RegexOptions.None, 1000)]
    private static partial Regex Assertion();

    public static AgreementTally Run()
    {
        var tally = new AgreementTally("crowdsec-hub", "CrowdSec `parser.assert` (s00-raw syslog split, s01-parse sshd/PAM fields)");
        foreach (var folder in Folders)
        {
            var log = Directory.GetFiles(Corpus.Path(folder), "*.log").Single();
            var lines = CorpusLines.Read(folder, Path.GetFileName(log));
            var expected = ReadAssertions(Corpus.Path(folder, "parser.assert"));
            for (var i = 0; i < lines.Length; i++)
            {
                var ctx = CorpusLines.Context(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));
                var result = CorpusLines.Parse(lines[i], ctx);
                tally.Count(result);
                var where = $"{folder}:{i + 1}";
                if (expected.TryGetValue(("s00-raw", i), out var raw) && raw.TryGetValue("ok", out var rawOk) && rawOk == "true")
                {
                    CompareRaw(tally, where, lines[i], ctx, raw);
                }

                if (expected.TryGetValue(("s01-parse", i), out var parsed))
                {
                    CompareParse(tally, where, lines[i], result, parsed);
                }
            }
        }

        return tally;
    }

    private static void CompareRaw(AgreementTally tally, string where, string line, in LineContext ctx, Dictionary<string, string> raw)
    {
        var ok = CorpusLines.TryHeader(line, ctx, out var header, out var message);
        void Field(string key, object? actual)
        {
            if (raw.TryGetValue(key, out var value)) tally.Compare(where, key, value, ok ? actual : null);
        }

        Field("program", header.Program);
        Field("pid", header.Pid);
        Field("machine", header.Host);
        Field("message", message);
        if (raw.TryGetValue("timestamp", out var stamp)) tally.Compare(where, "timestamp", Normalise(stamp), ok ? Rfc3164(header) : null);
        if (raw.TryGetValue("timestamp8601", out var iso)) tally.Compare(where, "timestamp8601", EcsDocument.Instant(iso), ok ? header.Timestamp : null);
    }

    private static void CompareParse(AgreementTally tally, string where, string line, ParseResult result, Dictionary<string, string> parsed)
    {
        var e = result.Event;
        var theirs = parsed.TryGetValue("ok", out var ok) && ok == "true";
        var ours = LogType(e) is not null;
        tally.Compare(where, "s01 parsed", theirs, ours, () => theirs ? NotAnAuthEvent : null);
        if (!theirs) return;
        var (user, address) = e switch
        {
            SshLogin l => (l.User, l.SourceIp ?? l.SourceHost),
            SudoCommand s => (s.User, null),
            _ => ((string?)null, (string?)null),
        };
        if (parsed.TryGetValue("source_ip", out var ip)) tally.Compare(where, "source_ip", ip, address, () => ours ? null : NotAnAuthEvent);
        if (parsed.TryGetValue("target_user", out var target)) tally.Compare(where, "target_user", target, user, () => ours ? null : NotAnAuthEvent);
        if (parsed.TryGetValue("username", out var name)) tally.Compare(where, "username", name, user);
        if (parsed.TryGetValue("log_type", out var type))
        {
            tally.Compare(where, "log_type", type, LogType(e), () => !ours ? NotAnAuthEvent : line.Contains("Magic value check failed", StringComparison.Ordinal) ? MagicValue : null);
        }
    }

    /// <summary>CrowdSec's <c>log_type</c> for our event.</summary>
    private static string? LogType(AuditEvent? e) => e switch
    {
        SshLogin { Outcome: LoginOutcome.Success } => "auth_success",
        SshLogin { Detail: SshDetail.KexFailed } => "ssh_bad_keyexchange",
        SshLogin { Detail: SshDetail.AccountLocked } => "pam_user_lock",
        SshLogin { Detail: SshDetail.PreauthTimeout } => "ssh_auth_timeout",
        SshLogin { Detail: SshDetail.ProtocolError } => "ssh_dispatch_fatal",
        SshLogin { Detail: SshDetail.RefusedConnect } => "ssh_refused_conn",
        SshLogin { Service: not "sshd" } => "pam_failed_auth",
        SshLogin => "ssh_failed-auth",
        SudoCommand { Reason: "authentication failure" } => "pam_failed_auth",
        _ => null,
    };

    /// <summary>CrowdSec keeps the raw stamp ("Jun  8", "Aug 03"); compared as "Mmm d HH:mm:ss".</summary>
    private static string Normalise(string stamp)
    {
        var parts = stamp.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 3 ? $"{parts[0]} {int.Parse(parts[1], CultureInfo.InvariantCulture)} {parts[2]}" : stamp;
    }

    private static string Rfc3164(SyslogHeader h) => h.Timestamp.ToString("MMM d HH:mm:ss", CultureInfo.InvariantCulture);

    private static Dictionary<(string Stage, int Index), Dictionary<string, string>> ReadAssertions(string path)
    {
        var map = new Dictionary<(string, int), Dictionary<string, string>>();
        foreach (var line in File.ReadLines(path))
        {
            var m = Assertion().Match(line);
            if (!m.Success) continue;
            var key = (m.Groups["stage"].Value, int.Parse(m.Groups["i"].Value, CultureInfo.InvariantCulture));
            if (!map.TryGetValue(key, out var fields)) map[key] = fields = [];
            if (m.Groups["ok"].Success) fields["ok"] = m.Groups["ok"].Value;
            else fields[m.Groups["key"].Value] = Regex.Unescape(m.Groups["value"].Value);
        }

        return map;
    }
}
