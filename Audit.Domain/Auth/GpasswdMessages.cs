using Audit.Domain.Parsing;

namespace Audit.Domain.Auth;

/// <summary>
/// gpasswd's lines, which name who did it: <c>user bob added by root to group docker</c>, <c>user bob removed
/// by root from group docker</c>, <c>password of group docker changed by root</c>, <c>members of group docker
/// set by root to a,b</c>, <c>root failed to add user bob to group docker</c>, and shadow 4.1's
/// <c>add member bob to group docker by root</c> forms.
/// </summary>
internal static class GpasswdMessages
{
    public static bool TryParse(ReadOnlySpan<char> m, in AuthLine line, out ParseResult result)
    {
        result = default;
        var rest = m;
        if (AuthText.TryStrip(ref rest, "user "))
        {
            // "user bob added by root to group docker" / "user bob removed by root from group docker"
            var space = rest.IndexOf(' ');
            if (space <= 0) return false;
            var user = rest[..space];
            var tail = rest[(space + 1)..];
            string action;
            string preposition;
            if (AuthText.TryStrip(ref tail, "added by ")) (action, preposition) = (AccountAction.MemberAdded, " to group ");
            else if (AuthText.TryStrip(ref tail, "removed by ")) (action, preposition) = (AccountAction.MemberRemoved, " from group ");
            else return false;
            var at = tail.IndexOf(preposition, StringComparison.Ordinal);
            if (at <= 0) return false;
            var group = AuthText.FirstWord(tail[(at + preposition.Length)..]);
            return ShadowGroupMessages.Emit(line.Account(action, user.ToString(), group: group.ToString(), actor: tail[..at].ToString()), out result);
        }

        if (TryGroupBy(m, "password of group ", " changed by ", "password changed", line, out result)) return true;
        if (TryGroupBy(m, "password of group ", " removed by ", "password removed", line, out result)) return true;
        if (TryGroupBy(m, "access to group ", " restricted by ", "access restricted", line, out result)) return true;
        if (TryGroupBy(m, "members of group ", " set by ", "members set", line, out result)) return true;
        if (TryGroupBy(m, "administrators of group ", " set by ", "administrators set", line, out result)) return true;
        if (TryGroupBy(m, "change the password for group ", " by ", "password changed", line, out result)) return true;

        rest = m;
        if (AuthText.TryStrip(ref rest, "add member ")) return TryMemberBy(rest, " to group ", AccountAction.MemberAdded, line, out result);
        rest = m;
        if (AuthText.TryStrip(ref rest, "remove member ")) return TryMemberBy(rest, " from group ", AccountAction.MemberRemoved, line, out result);

        // "root failed to add user bob to group docker" / "root failed to remove user bob from group docker"
        var failed = m.IndexOf(" failed to ", StringComparison.Ordinal);
        if (failed > 0 && m[..failed].IndexOf(' ') < 0)
        {
            var actor = m[..failed];
            rest = m[(failed + 11)..];
            if (AuthText.TryStrip(ref rest, "add user ")) return TryUserGroup(rest, " to group ", AccountAction.MemberAdded, actor, line, out result);
            if (AuthText.TryStrip(ref rest, "remove user ")) return TryUserGroup(rest, " from group ", AccountAction.MemberRemoved, actor, line, out result);
        }

        return false;
    }

    /// <summary><c>PREFIX group BY actor[ to list]</c> → a group change by <c>actor</c>.</summary>
    private static bool TryGroupBy(ReadOnlySpan<char> m, string prefix, string by, string what, in AuthLine line, out ParseResult result)
    {
        result = default;
        if (!m.StartsWith(prefix, StringComparison.Ordinal)) return false;
        var rest = m[prefix.Length..];
        var at = rest.IndexOf(by, StringComparison.Ordinal);
        if (at <= 0) return false;
        var group = rest[..at];
        var tail = rest[(at + by.Length)..];
        var actor = AuthText.FirstWord(tail);
        var detail = what;
        var to = tail.IndexOf(" to ", StringComparison.Ordinal);
        if (to > 0) detail = what + " to " + tail[(to + 4)..].ToString();
        return ShadowGroupMessages.Emit(line.Account(AccountAction.GroupModified, group.ToString(), detail: detail, actor: actor.ToString()), out result);
    }

    /// <summary><c>bob to group docker by root</c>.</summary>
    private static bool TryMemberBy(ReadOnlySpan<char> s, string preposition, string action, in AuthLine line, out ParseResult result)
    {
        result = default;
        var at = s.IndexOf(preposition, StringComparison.Ordinal);
        if (at <= 0) return false;
        var tail = s[(at + preposition.Length)..];
        var by = tail.IndexOf(" by ", StringComparison.Ordinal);
        if (by <= 0) return false;
        return ShadowGroupMessages.Emit(line.Account(action, s[..at].ToString(), group: tail[..by].ToString(), actor: tail[(by + 4)..].ToString()), out result);
    }

    private static bool TryUserGroup(ReadOnlySpan<char> s, string preposition, string action, ReadOnlySpan<char> actor, in AuthLine line, out ParseResult result)
    {
        result = default;
        var at = s.IndexOf(preposition, StringComparison.Ordinal);
        if (at <= 0) return false;
        var group = AuthText.FirstWord(s[(at + preposition.Length)..]);
        return ShadowGroupMessages.Emit(line.Account(action, s[..at].ToString(), group: group.ToString(), actor: actor.ToString(), success: false), out result);
    }
}
