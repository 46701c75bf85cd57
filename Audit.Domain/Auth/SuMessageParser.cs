using Audit.Domain.Events;
using Audit.Domain.Parsing;

namespace Audit.Domain.Auth;

/// <summary>
/// su's own lines. util-linux: <c>(to root) alice on pts/0</c>, <c>FAILED SU (to root) alice on pts/0</c>.
/// shadow: <c>Successful su for root by alice</c>, <c>FAILED su for root by alice</c>, each echoed (with
/// SYSLOG_SU_ENAB) as <c>+ pts/0 alice:root</c> / <c>- pts/0 alice:root</c>, which is therefore noise. Older
/// and BSD forms: <c>'su root' failed for alice on /dev/pts/8</c>, <c>alice to root on /dev/ttyp1</c>,
/// <c>BAD SU alice to root on /dev/ttyp0</c>, <c>failed: ttyq4 changing from alice to root</c>.
/// </summary>
public static class SuMessageParser
{
    public static bool TryParse(ReadOnlySpan<char> message, in AuthLine line, out ParseResult result)
    {
        result = default;
        var m = message.Trim(' ');
        var success = !AuthText.TryStrip(ref m, "FAILED SU ");
        if (AuthText.TryStrip(ref m, "(to "))
        {
            // "(to root) alice on pts/0"
            var close = m.IndexOf(") ", StringComparison.Ordinal);
            if (close <= 0) return false;
            var target = m[..close];
            return TryUserOnTty(m[(close + 2)..], target, success, line, out result);
        }

        if (!success) return false;
        m = message.Trim(' ');
        if (AuthText.TryStrip(ref m, "Successful su for ")) return TryForBy(m, true, line, out result);
        if (AuthText.TryStrip(ref m, "FAILED su for ")) return TryForBy(m, false, line, out result);

        if (m.Length > 2 && m[0] is '+' or '-' && m[1] == ' ' && m[2..].IndexOf(':') > 0)
        {
            result = ParseResult.Noise("su: echo of the 'Successful su' / 'FAILED su' line (SYSLOG_SU_ENAB)");
            return true;
        }

        return TryOlderForm(m, line, out result);
    }

    /// <summary>The older and BSD forms: <c>'su root' failed for …</c>, <c>failed: ttyq4 changing from …</c>, <c>[BAD SU ]alice to root on …</c>.</summary>
    private static bool TryOlderForm(ReadOnlySpan<char> m, in AuthLine line, out ParseResult result)
    {
        result = default;
        if (m.StartsWith("'su ", StringComparison.Ordinal))
        {
            // "'su root' failed for alice on /dev/pts/8"
            var quote = m[4..].IndexOf('\'');
            if (quote <= 0) return false;
            var target = m.Slice(4, quote);
            var rest = m[(4 + quote + 1)..];
            if (AuthText.TryStrip(ref rest, " failed for ")) return TryUserOnTty(rest, target, false, line, out result);
            if (AuthText.TryStrip(ref rest, " succeeded for ")) return TryUserOnTty(rest, target, true, line, out result);
            return false;
        }

        if (AuthText.TryStrip(ref m, "failed: "))
        {
            // "failed: ttyq4 changing from alice to root"
            var space = m.IndexOf(' ');
            if (space <= 0) return false;
            var tty = m[..space];
            var rest = m[(space + 1)..];
            if (!AuthText.TryStrip(ref rest, "changing from ")) return false;
            var to = rest.IndexOf(" to ", StringComparison.Ordinal);
            if (to <= 0) return false;
            result = Switch(rest[..to], rest[(to + 4)..], false, tty, line);
            return true;
        }

        var bad = AuthText.TryStrip(ref m, "BAD SU ");
        var toAt = m.IndexOf(" to ", StringComparison.Ordinal);
        var onAt = m.LastIndexOf(" on ", StringComparison.Ordinal);
        if (toAt > 0 && onAt > toAt && m[..toAt].IndexOf(' ') < 0)
        {
            // "alice to root on /dev/ttyp1" (BSD)
            result = Switch(m[..toAt], m[(toAt + 4)..onAt], !bad, m[(onAt + 4)..], line);
            return true;
        }

        if (m.StartsWith("pam_authenticate: ", StringComparison.Ordinal))
        {
            result = ParseResult.Noise("su: PAM error text (su logs the failed switch itself)");
            return true;
        }

        return false;
    }

    private static bool TryUserOnTty(ReadOnlySpan<char> s, ReadOnlySpan<char> target, bool success, in AuthLine line, out ParseResult result)
    {
        result = default;
        var on = s.LastIndexOf(" on ", StringComparison.Ordinal);
        if (on <= 0 || target.IsEmpty) return false;
        result = Switch(s[..on], target, success, s[(on + 4)..], line);
        return true;
    }

    /// <summary><c>TARGET by USER</c>.</summary>
    private static bool TryForBy(ReadOnlySpan<char> s, bool success, in AuthLine line, out ParseResult result)
    {
        result = default;
        var by = s.LastIndexOf(" by ", StringComparison.Ordinal);
        if (by <= 0) return false;
        result = Switch(s[(by + 4)..], s[..by], success, default, line);
        return true;
    }

    private static ParseResult Switch(ReadOnlySpan<char> user, ReadOnlySpan<char> target, bool success, ReadOnlySpan<char> tty, in AuthLine line) =>
        ParseResult.Parsed(new SuSwitch(line.Time, line.Host, AuthText.NullIfEmpty(user.Trim(' ')), target.Trim(' ').ToString(), success, AuthText.Tty(tty.Trim(' ')), line.Pid));
}
