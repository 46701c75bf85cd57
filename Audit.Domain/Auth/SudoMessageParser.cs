using Audit.Domain.Events;
using Audit.Domain.Parsing;

namespace Audit.Domain.Auth;

/// <summary>
/// sudo's own lines: <c>alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/ls -la</c>
/// (TTY may be missing; GROUP=, TSID=, ENV=, CHROOT= may appear), and the refusals that put a reason
/// first: <c>alice : user NOT in sudoers ; …</c>, <c>3 incorrect password attempts ; …</c>,
/// <c>command not allowed ; …</c>, <c>a password is required ; …</c>. sudo pads the user name with
/// spaces (kept by Filebeat, not by us); COMMAND is the rest of the line and has rsyslog's
/// <c>#012</c>/<c>#011</c> escapes decoded. A <c>(command continued)</c> record is noise: rsyslog cut an
/// over-long line and the first record already holds the command.
/// </summary>
public static class SudoMessageParser
{
    public static bool TryParse(ReadOnlySpan<char> message, in AuthLine line, out ParseResult result)
    {
        result = default;
        var m = message.Trim(' ');
        var sep = m.IndexOf(" : ", StringComparison.Ordinal);
        if (sep <= 0) return TryNoise(m, out result);
        var user = m[..sep].Trim(' ');
        if (user.IsEmpty || user.ContainsAny(' ', '(', ':')) return TryNoise(m, out result);
        var rest = m[(sep + 3)..].TrimStart(' ');
        if (rest.StartsWith("(command continued)", StringComparison.Ordinal))
        {
            result = ParseResult.Noise("sudo: continuation of an over-long COMMAND that rsyslog split (the first record holds its start)");
            return true;
        }

        var outcome = SudoOutcome.Allowed;
        string? reason = null;
        int? attempts = null;
        if (!StartsWithKey(rest))
        {
            var semi = rest.IndexOf(" ; ", StringComparison.Ordinal);
            if (semi < 0) return false;
            if (!TryReason(rest[..semi], out reason, out attempts)) return false;
            outcome = SudoOutcome.Denied;
            rest = rest[(semi + 3)..];
        }

        string? tty = null, cwd = null, runAs = null, runAsGroup = null, command = null;
        var keys = 0;
        while (!rest.IsEmpty)
        {
            if (rest.StartsWith("COMMAND=", StringComparison.Ordinal))
            {
                command = RsyslogEscapes.Decode(rest[8..]);
                keys++;
                break;
            }

            var semi = rest.IndexOf(" ; ", StringComparison.Ordinal);
            var field = semi < 0 ? rest : rest[..semi];
            var eq = field.IndexOf('=');
            if (eq <= 0) return false;
            var value = field[(eq + 1)..];
            switch (field[..eq])
            {
                case "TTY": tty = AuthText.NullIfEmpty(value); break;
                case "PWD": cwd = RsyslogEscapes.Decode(value); break;
                case "USER": runAs = AuthText.NullIfEmpty(value); break;
                case "GROUP": runAsGroup = AuthText.NullIfEmpty(value); break;
            }

            keys++;
            rest = semi < 0 ? ReadOnlySpan<char>.Empty : rest[(semi + 3)..];
        }

        if (keys == 0) return false;
        var sudo = new SudoCommand(line.Time, line.Host, user.ToString(), runAs, runAsGroup, command, cwd, tty, outcome, reason, attempts, "auth", line.Pid, null, null, null);
        result = ParseResult.Parsed(sudo);
        return true;
    }

    /// <summary>Whether <paramref name="s"/> begins with an upper-case <c>KEY=</c>.</summary>
    private static bool StartsWithKey(ReadOnlySpan<char> s)
    {
        var i = 0;
        while (i < s.Length && s[i] is >= 'A' and <= 'Z') i++;
        return i > 0 && i < s.Length && s[i] == '=';
    }

    private static bool TryReason(ReadOnlySpan<char> text, out string? reason, out int? attempts)
    {
        attempts = null;
        reason = text switch
        {
            "user NOT in sudoers" => "not in sudoers",
            "user NOT authorized on host" => "not allowed on host",
            "command not allowed" => "command not allowed",
            "a password is required" => "password required",
            "command not found" => "command not found",
            _ => null,
        };
        if (reason is not null) return true;

        // "1 incorrect password attempt" / "3 incorrect password attempts"
        var count = AuthText.LeadingInt(text, out var digits);
        var tail = text[digits..];
        if (count is not null && (tail.SequenceEqual(" incorrect password attempts") || tail.SequenceEqual(" incorrect password attempt")))
        {
            attempts = count;
            reason = "incorrect password";
            return true;
        }

        if (text.StartsWith("PAM authentication error", StringComparison.Ordinal))
        {
            reason = "authentication failure";
            return true;
        }

        return false;
    }

    private static bool TryNoise(ReadOnlySpan<char> m, out ParseResult result)
    {
        result = default;
        if (m.StartsWith("unable to execute ", StringComparison.Ordinal) || m.StartsWith("unable to send mail", StringComparison.Ordinal))
        {
            result = ParseResult.Noise("sudo: mailer error");
            return true;
        }

        if (m.StartsWith("unable to resolve host", StringComparison.Ordinal))
        {
            result = ParseResult.Noise("sudo: host name resolution warning");
            return true;
        }

        return false;
    }
}
