using Audit.Domain.Parsing;

namespace Audit.Domain.Auth;

/// <summary>
/// The shadow-utils programs' lines (useradd, userdel, usermod, groupadd, groupdel, groupmod, gpasswd,
/// passwd, chage, chfn, chsh …): user lines first, then group and membership lines. The trailing newline
/// some of them log (kept by rsyslog as <c>#012</c>) is dropped first.
/// </summary>
public static class AccountChangeParser
{
    public static bool TryParse(ReadOnlySpan<char> message, in AuthLine line, out ParseResult result)
    {
        var m = AuthText.StripTrailingNewline(message.TrimStart(' '));
        return ShadowUserMessages.TryParse(m, line, out result) || ShadowGroupMessages.TryParse(m, line, out result);
    }
}
