using Audit.Domain.Parsing;

namespace Audit.Domain.Auth;

/// <summary>
/// shadow-utils' lines about groups and membership (groupadd, groupdel, groupmod, gpasswd, and the
/// membership lines of useradd/usermod/userdel). A change is written once per file (/etc/group, then
/// /etc/gshadow) and then once as a summary: the summary (<c>new group: name=…</c>, <c>group 'x' removed</c>)
/// and the /etc/group membership line are the event; the per-file and <c>shadow group</c> lines are noise.
/// </summary>
internal static class ShadowGroupMessages
{
    public static bool TryParse(ReadOnlySpan<char> m, in AuthLine line, out ParseResult result)
    {
        result = default;
        var rest = m;
        if (AuthText.TryStrip(ref rest, "new group: ")) return TryNewGroup(rest, line, out result);

        if (m.StartsWith("group added to ", StringComparison.Ordinal))
        {
            return Noise("groupadd: per-file step (the 'new group:' line records the creation)", out result);
        }

        if (AuthText.TryStrip(ref rest, "group ") && AuthText.TryQuoted(ref rest, out var removed) && rest.StartsWith(" removed", StringComparison.Ordinal))
        {
            // "group 'x' removed from /etc/group" (per file) or "group 'x' removed" (summary)
            return rest.Length > " removed".Length
                ? Noise("groupdel: per-file step (the \"group 'x' removed\" line records the deletion)", out result)
                : Emit(line.Account(AccountAction.GroupDeleted, removed.ToString()), out result);
        }

        rest = m;
        if (AuthText.TryStrip(ref rest, "remove group "))
        {
            return AuthText.TryQuoted(ref rest, out var name) && Emit(line.Account(AccountAction.GroupDeleted, name.ToString()), out result);
        }

        if (AuthText.TryStrip(ref rest, "removed shadow group ")) return Noise("userdel: /etc/gshadow copy of a group deletion", out result);

        if (AuthText.TryStrip(ref rest, "removed group "))
        {
            // userdel: "removed group 'bob' owned by 'bob'" or "removed group 'bob'"
            if (!AuthText.TryQuoted(ref rest, out var name)) return false;
            string? detail = null;
            if (AuthText.TryStrip(ref rest, " owned by ") && AuthText.TryQuoted(ref rest, out var owner)) detail = "owned by " + owner.ToString();
            return Emit(line.Account(AccountAction.GroupDeleted, name.ToString(), detail: detail), out result);
        }

        // useradd/usermod/userdel quote the names ("add 'bob' to group 'sudo'"); gpasswd 4.1 does not.
        if (AuthText.TryStrip(ref rest, "add '") || AuthText.TryStrip(ref rest, "add `")) return TryMembership(m[4..], " to ", AccountAction.MemberAdded, line, out result);
        rest = m;
        if (AuthText.TryStrip(ref rest, "delete '") || AuthText.TryStrip(ref rest, "delete `")) return TryMembership(m[7..], " from ", AccountAction.MemberRemoved, line, out result);
        rest = m;
        if (AuthText.TryStrip(ref rest, "change ") && (rest.Contains(" in group ", StringComparison.Ordinal) || rest.Contains(" in shadow group ", StringComparison.Ordinal)))
        {
            return Noise("usermod: a rename reflected in a group's member list", out result);
        }

        return GpasswdMessages.TryParse(m, line, out result) || TryGroupmod(m, line, out result);
    }

    /// <summary><c>name=staff, GID=1005</c>.</summary>
    private static bool TryNewGroup(ReadOnlySpan<char> s, in AuthLine line, out ParseResult result)
    {
        result = default;
        if (!AuthText.TryStrip(ref s, "name=")) return false;
        var comma = s.IndexOf(',');
        var name = comma < 0 ? s : s[..comma];
        long? gid = null;
        if (comma >= 0)
        {
            var rest = s[(comma + 1)..].TrimStart(' ');
            if (AuthText.TryStrip(ref rest, "GID=") && AuthText.TryLong(rest, out var g)) gid = g;
        }

        return !name.IsEmpty && Emit(line.Account(AccountAction.GroupCreated, name.ToString(), gid: gid), out result);
    }

    /// <summary><c>'bob' to group 'sudo'</c> / <c>'bob' from shadow group 'sudo'</c>.</summary>
    private static bool TryMembership(ReadOnlySpan<char> s, string preposition, string action, in AuthLine line, out ParseResult result)
    {
        result = default;
        if (!AuthText.TryQuoted(ref s, out var user) || !AuthText.TryStrip(ref s, preposition)) return false;
        if (AuthText.TryStrip(ref s, "shadow group ")) return Noise("/etc/gshadow copy of a membership change", out result);
        if (!AuthText.TryStrip(ref s, "group ") || !AuthText.TryQuoted(ref s, out var group)) return false;
        return Emit(line.Account(action, user.ToString(), group: group.ToString()), out result);
    }

    /// <summary>groupmod: <c>change group `a' to `b'</c>, <c>change GID for `g' to 1005</c>, <c>group changed in /etc/group (group g/1005, new name: x)</c>.</summary>
    private static bool TryGroupmod(ReadOnlySpan<char> m, in AuthLine line, out ParseResult result)
    {
        result = default;
        var rest = m;
        if (AuthText.TryStrip(ref rest, "change group "))
        {
            if (!AuthText.TryQuoted(ref rest, out var name) || !AuthText.TryStrip(ref rest, " to ")) return false;
            return Emit(line.Account(AccountAction.GroupModified, name.ToString(), detail: "name to " + rest.ToString()), out result);
        }

        if (AuthText.TryStrip(ref rest, "change GID for "))
        {
            if (!AuthText.TryQuoted(ref rest, out var name) || !AuthText.TryStrip(ref rest, " to ")) return false;
            long? gid = AuthText.TryLong(rest.Trim(' '), out var g) ? g : null;
            return Emit(line.Account(AccountAction.GroupModified, name.ToString(), detail: "GID", gid: gid), out result);
        }

        if (AuthText.TryStrip(ref rest, "group changed in "))
        {
            var open = rest.IndexOf("(group ", StringComparison.Ordinal);
            if (open < 0 || rest[^1] != ')') return false;
            var inner = rest[(open + 7)..^1];
            var end = inner.IndexOfAny('/', ',');
            var name = end < 0 ? inner : inner[..end];
            return !name.IsEmpty && Emit(line.Account(AccountAction.GroupModified, name.ToString(), detail: inner.ToString()), out result);
        }

        if (AuthText.TryStrip(ref rest, "failed to add group "))
        {
            return Emit(line.Account(AccountAction.GroupCreated, AuthText.FirstWord(rest).ToString(), success: false), out result);
        }

        if (AuthText.TryStrip(ref rest, "failed to remove group "))
        {
            return Emit(line.Account(AccountAction.GroupDeleted, AuthText.FirstWord(rest).ToString(), success: false), out result);
        }

        return false;
    }

    internal static bool Emit(Events.AccountChange change, out ParseResult result)
    {
        result = ParseResult.Parsed(change);
        return true;
    }

    internal static bool Noise(string reason, out ParseResult result)
    {
        result = ParseResult.Noise(reason);
        return true;
    }
}
