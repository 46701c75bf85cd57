using System.Globalization;
using System.Text.Json;
using Audit.Domain.Events;
using Audit.Domain.Parsing;
using Audit.Tests.Support;

namespace Audit.Tests.Conformance.Auth;

/// <summary>
/// fail2ban's filter test logs: each line is preceded by <c># failJSON: {time, match, host, user}</c>.
/// For every line fail2ban counts as a failure (<c>match: true</c>) we compare the address
/// (<c>host</c>, <c>ip4</c>, <c>ip6</c>), the user (<c>user</c>, or the last of <c>users</c>) and the time; the others are parsed for robustness only. fail2ban's
/// tests run in Europe/Berlin with the clock at 2005-08-14 10:00 UTC, so that is our zone and reference.
/// </summary>
internal static class Fail2banCorpus
{
    public const string MultiLine = "fail2ban joins the lines of one sshd pid (multi-line filter): the address is on another line; we parse each line on its own";
    public const string NoPreauth = "by design: a connection end without [preauth] or an authenticating/invalid user (or a disconnect code other than 14) cannot be told from the end of a session, so it is noise; fail2ban counts it only in its ddos/aggressive modes";
    public const string AuthInfoInjection = "password methods carry no key info, so text after ': ' can only be the client's user name: we take the address that ends the line (fail2ban takes the first)";
    public const string Year = "RFC 3164 has no year: fail2ban never dates a line after its test clock (2005-08-14); SyslogTime takes the year nearest the reference";
    public const string NotAnEvent = "by design: not an authentication outcome for us (see the reason kept with the line)";

    private static readonly DateTimeOffset Clock = DateTimeOffset.FromUnixTimeSeconds(1124013600);
    private static readonly TimeZoneInfo Berlin = TestZones.Berlin;

    public static AgreementTally Run()
    {
        var tally = new AgreementTally("fail2ban-logs", "fail2ban `# failJSON` annotations (time, host/ip4/ip6, user/users) of sshd, sshd-journal, pam-generic");
        Compare(tally, "sshd", journal: false);
        Compare(tally, "sshd-journal", journal: true);
        Compare(tally, "pam-generic", journal: false);
        return tally;
    }

    private static void Compare(AgreementTally tally, string file, bool journal)
    {
        var lines = CorpusLines.Read("fail2ban-logs", file);
        JsonElement? pending = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("# failJSON:", StringComparison.Ordinal))
            {
                pending = JsonDocument.Parse(line["# failJSON:".Length..]).RootElement.Clone();
                continue;
            }

            if (line.Length == 0 || line.StartsWith('#')) continue;
            var result = journal ? ParseJournal(line) : CorpusLines.Parse(line, CorpusLines.Context(Clock, Berlin));
            tally.Count(result);
            if (pending is not { } expected) continue;
            pending = null;
            if (!expected.TryGetProperty("match", out var match) || !match.GetBoolean()) continue;

            var where = $"{file}:{i + 1}";
            var (user, address) = Who(result.Event);
            foreach (var key in (string[])["host", "ip4", "ip6"])
            {
                if (!expected.TryGetProperty(key, out var host)) continue;
                var h = host.GetString();
                tally.Compare(where, key, h, address, () => Explain(line, result, "host", h));
            }

            if (expected.TryGetProperty("users", out var users) && users.GetArrayLength() > 0)
            {
                // The users seen so far on this connection; the last is this line's.
                var u = users[users.GetArrayLength() - 1].GetString();
                tally.Compare(where, "users[-1]", u, user, () => Explain(line, result, "user", u));
            }

            if (expected.TryGetProperty("user", out var expectedUser))
            {
                var u = expectedUser.GetString();
                tally.Compare(where, "user", u, user, () => Explain(line, result, "user", u));
            }

            if (expected.TryGetProperty("time", out var time) && result.Event is { } e)
            {
                var local = TimeZoneInfo.ConvertTime(e.OccurredAt, Berlin).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
                var t = time.GetString();
                tally.Compare(where, "time", t, local, () => t is not null && t.Length == local.Length && t[4..] == local[4..] ? Year : null);
            }
        }
    }

    /// <summary><c>srv sshd[123]: message</c> as journalctl prints it: host, tag, message.</summary>
    private static ParseResult ParseJournal(string line)
    {
        var first = line.IndexOf(' ', StringComparison.Ordinal);
        var second = first < 0 ? -1 : line.IndexOf(": ", first + 1, StringComparison.Ordinal);
        if (second < 0) return CorpusLines.Parse(line, CorpusLines.Context(Clock, Berlin));
        var ctx = CorpusLines.Context(Clock, Berlin, host: line[..first]) with { Program = line[(first + 1)..second] };
        return CorpusLines.Parse(line[(second + 2)..], ctx);
    }

    private static (string? User, string? Address) Who(AuditEvent? e) => e switch
    {
        SshLogin l => (l.User, l.SourceIp ?? l.SourceHost),
        SuSwitch s => (s.User, null),
        SudoCommand s => (s.User, null),
        _ => (null, null),
    };

    private static string? Explain(string line, ParseResult result, string field, string? expected)
    {
        if (field == "host" && expected is not null && !line.Contains(expected, StringComparison.Ordinal)
            && !line.Contains(expected.Replace("::ffff:", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal)) return MultiLine;
        if (field == "host" && line.Contains(" ssh2: from ", StringComparison.Ordinal)) return AuthInfoInjection;
        if (result.Status == ParseStatus.Noise && (line.Contains("Connection closed by ", StringComparison.Ordinal)
            || line.Contains("Connection reset by ", StringComparison.Ordinal) || line.Contains("Received disconnect from ", StringComparison.Ordinal))) return NoPreauth;
        if (result.Status == ParseStatus.Noise && field == "user") return NotAnEvent;
        return null;
    }
}
