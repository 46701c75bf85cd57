using System.Globalization;
using System.Text;
using Audit.Domain.Auth;
using Audit.Domain.Events;
using Audit.Domain.Parsing;
using Audit.Tests.Support;

namespace Audit.Tests.Conformance.Auth;

/// <summary>
/// loghub's OpenSSH (2,000 lines of a lab server's sshd) and Linux (2,000 lines of a 2005 RedHat
/// /var/log/messages) with their structured CSV: the header split (date, time, host, program, pid,
/// content) is compared line by line, and for OpenSSH each event template is mapped to what our
/// parsers should make of it, so a line of template E9 ("Failed password …") must become a failed login.
/// </summary>
internal static class LoghubCorpus
{
    /// <summary>OpenSSH template id → the kind of result we must produce.</summary>
    private static readonly Dictionary<string, string> OpenSshTemplates = new()
    {
        ["E1"] = "login:accepted", ["E2"] = "login:preauth_closed", ["E3"] = "login:no_identification",
        ["E4"] = "login:max_auth_attempts", ["E5"] = "login:max_auth_attempts", ["E6"] = "login:preauth_disconnect",
        ["E7"] = "login:preauth_disconnect", ["E8"] = "login:failed", ["E9"] = "login:failed", ["E10"] = "login:failed",
        ["E11"] = "noise", ["E12"] = "noise", ["E13"] = "login:invalid_user", ["E14"] = "noise", ["E15"] = "noise",
        ["E16"] = "noise", ["E17"] = "noise", ["E18"] = "noise", ["E19"] = "login:pam_failure", ["E20"] = "login:pam_failure",
        ["E21"] = "noise", ["E22"] = "session:Closed", ["E23"] = "session:Opened", ["E24"] = "login:preauth_disconnect",
        ["E25"] = "login:preauth_disconnect", ["E26"] = "noise", ["E27"] = "noise",
    };

    public static AgreementTally OpenSsh() => Run("loghub-openssh", "OpenSSH_2k.log", openSsh: true);

    public static AgreementTally Linux() => Run("loghub-linux", "Linux_2k.log", openSsh: false);

    private static AgreementTally Run(string folder, string file, bool openSsh)
    {
        var tally = new AgreementTally(folder, "loghub structured CSV (date, time, host, program, pid, content" + (openSsh ? "; event template → our event kind)" : ")"));
        var lines = CorpusLines.Read(folder, file);
        var rows = ReadCsv(Corpus.Path(folder, file + "_structured.csv"));
        var header = rows[0];
        var ctx = CorpusLines.Context(new DateTimeOffset(2005, 12, 31, 0, 0, 0, TimeSpan.Zero));
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var result = CorpusLines.Parse(line, ctx);
            tally.Count(result);
            if (i + 1 >= rows.Count) continue;
            var row = header.Zip(rows[i + 1]).ToDictionary(p => p.First, p => p.Second);
            var where = $"{file}:{i + 1}";
            var ok = CorpusLines.TryHeader(line, ctx, out var h, out var message);
            var month = row.GetValueOrDefault("Date") is { Length: 3 } m ? m : row.GetValueOrDefault("Month");
            var day = openSsh ? row["Day"] : row["Date"];
            tally.Compare(where, "date", $"{month} {day} {row["Time"]}", ok ? h.Timestamp.ToString("MMM d HH:mm:ss", CultureInfo.InvariantCulture) : null);
            tally.Compare(where, "host", openSsh ? row["Component"] : row["Level"], ok ? h.Host : null);
            var spacedTag = !openSsh && row["Component"].Contains(' ', StringComparison.Ordinal);
            if (!openSsh) tally.Compare(where, "program", row["Component"], ok ? h.Program : null, () => spacedTag ? SpacedTag : null);
            tally.Compare(where, "pid", row.GetValueOrDefault("Pid") ?? row.GetValueOrDefault("PID"), ok ? h.Pid?.ToString(CultureInfo.InvariantCulture) ?? string.Empty : null, () => spacedTag ? SpacedTag : null);
            var content = ok ? message.TrimEnd(' ') : null;
            tally.Compare(where, "content", row["Content"], content, () => spacedTag ? SpacedTag : content?.TrimStart(' ') == row["Content"] ? Trimmed : null);
            if (openSsh && OpenSshTemplates.TryGetValue(row["EventId"], out var kind))
            {
                tally.Compare(where, "template " + row["EventId"], kind, Kind(result));
            }
        }

        return tally;
    }

    public const string SpacedTag = "a tag has no spaces: `syslogd 1.4.1:` and `-- root[2421]:` are kept as message text with no program; loghub splits them as tags";
    public const string Trimmed = "loghub trims the message; we keep the kernel's indentation after `kernel: ` as written";

    private static string Kind(ParseResult result) => result.Event switch
    {
        SshLogin l => "login:" + l.Detail,
        LoginSessionEvent s => "session:" + s.Action,
        null => result.Status.ToString().ToLowerInvariant(),
        var e => e.GetType().Name,
    };

    /// <summary>RFC 4180 rows (quoted fields may hold commas and doubled quotes).</summary>
    private static List<string[]> ReadCsv(string path)
    {
        var rows = new List<string[]>();
        foreach (var line in File.ReadLines(path))
        {
            var fields = new List<string>();
            var field = new StringBuilder();
            var quoted = false;
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                    else if (c == '"') quoted = false;
                    else field.Append(c);
                }
                else if (c == '"') quoted = true;
                else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
                else field.Append(c);
            }

            fields.Add(field.ToString());
            rows.Add([.. fields]);
        }

        return rows;
    }
}
