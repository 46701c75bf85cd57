using Audit.Domain.Events;

namespace Audit.Domain.Auth;

/// <summary>
/// pam_unix's session lines: <c>session opened for user alice(uid=1000) by (uid=0)</c> (Linux-PAM 1.5+),
/// <c>session opened for user alice by (uid=0)</c>, <c>… by vagrant(uid=1000)</c>, <c>… by LOGIN(uid=0)</c>,
/// and <c>session closed for user alice</c>.
/// </summary>
internal static class PamSessionParser
{
    public static bool TryParse(string service, ReadOnlySpan<char> body, in AuthLine line, out LoginSessionEvent session)
    {
        session = null!;
        SessionAction action;
        if (AuthText.TryStrip(ref body, "session opened for user ")) action = SessionAction.Opened;
        else if (AuthText.TryStrip(ref body, "session closed for user ")) action = SessionAction.Closed;
        else return false;

        ReadOnlySpan<char> by = default;
        var byAt = body.LastIndexOf(" by ", StringComparison.Ordinal);
        if (byAt >= 0)
        {
            by = body[(byAt + 4)..];
            body = body[..byAt];
        }

        var user = SplitUid(body.Trim(' '), out var uid);
        if (user.IsEmpty) return false;
        string? byUser = null;
        int? byUid = null;
        if (!by.IsEmpty)
        {
            var name = SplitUid(by.Trim(' '), out byUid);
            byUser = AuthText.NullIfEmpty(name);
        }

        session = line.Session(action, service, user.ToString(), byUser, uid, byUid);
        return true;
    }

    /// <summary><c>alice(uid=1000)</c> → <c>alice</c>, 1000; <c>(uid=0)</c> → empty, 0; <c>alice</c> → alice, null.</summary>
    private static ReadOnlySpan<char> SplitUid(ReadOnlySpan<char> s, out int? uid)
    {
        uid = null;
        if (!s.EndsWith(')')) return s;
        var open = s.LastIndexOf("(uid=", StringComparison.Ordinal);
        if (open < 0) return s;
        if (AuthText.TryInt(s[(open + 5)..^1], out var value)) uid = value;
        return s[..open];
    }
}
