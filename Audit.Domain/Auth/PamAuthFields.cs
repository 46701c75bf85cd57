namespace Audit.Domain.Auth;

/// <summary>
/// The fields of a PAM <c>authentication failure; logname=L uid=N euid=N tty=T ruser=R rhost=H  user=U</c>
/// message. pam_unix writes them in this fixed order, but <c>ruser</c> (an FTP client's name) and
/// <c>user</c> (an SSH client's name) are client text that may contain <c> rhost=…</c>: the real
/// <c>rhost</c> is the first whose value is one word followed by the end or by <c>user=</c>.
/// </summary>
internal readonly ref struct PamAuthFields
{
    public ReadOnlySpan<char> Logname { get; init; }

    public ReadOnlySpan<char> Tty { get; init; }

    public ReadOnlySpan<char> Ruser { get; init; }

    public ReadOnlySpan<char> Rhost { get; init; }

    public ReadOnlySpan<char> User { get; init; }

    public int? Uid { get; init; }

    public bool HasUser { get; init; }

    /// <summary>The person PAM checked: <c>user=</c>, else (FTP daemons) <c>ruser=</c>; null when neither is set.</summary>
    public string? Person => HasUser && !User.IsEmpty ? User.ToString() : !Ruser.IsEmpty ? Ruser.ToString() : null;

    public static PamAuthFields Parse(ReadOnlySpan<char> s)
    {
        var rhostAt = FindRhost(s, out var rhost, out var user, out var hasUser);
        var head = rhostAt < 0 ? s : s[..rhostAt];
        if (rhostAt < 0)
        {
            var userAt = LastKey(s, "user=");
            if (userAt >= 0)
            {
                hasUser = true;
                user = s[(userAt + 5)..].Trim(' ');
                head = s[..userAt];
            }
        }

        var ruserAt = LastKey(head, "ruser=");
        var ruser = ruserAt < 0 ? default : head[(ruserAt + 6)..].Trim(' ');
        if (ruserAt >= 0) head = head[..ruserAt];
        return new PamAuthFields
        {
            Logname = Value(head, "logname="),
            Uid = AuthText.TryInt(Value(head, "uid="), out var uid) ? uid : null,
            Tty = Value(head, "tty="),
            Ruser = ruser,
            Rhost = rhost,
            User = user,
            HasUser = hasUser,
        };
    }

    private static int FindRhost(ReadOnlySpan<char> s, out ReadOnlySpan<char> rhost, out ReadOnlySpan<char> user, out bool hasUser)
    {
        rhost = user = default;
        hasUser = false;
        var last = -1;
        var offset = 0;
        while (true)
        {
            var at = KeyAt(s, "rhost=", offset);
            if (at < 0) break;
            last = at;
            offset = at + 6;
            var value = s[offset..];
            var end = value.IndexOf(' ');
            var word = end < 0 ? value : value[..end];
            var after = end < 0 ? ReadOnlySpan<char>.Empty : value[end..].TrimStart(' ');
            if (after.IsEmpty || after.StartsWith("user=", StringComparison.Ordinal))
            {
                rhost = word;
                if (!after.IsEmpty)
                {
                    hasUser = true;
                    user = after[5..].TrimEnd(' ');
                }

                return at;
            }
        }

        if (last >= 0)
        {
            var value = s[(last + 6)..];
            var end = value.IndexOf(' ');
            rhost = end < 0 ? value : value[..end];
        }

        return last;
    }

    /// <summary>Index of <paramref name="key"/> at <paramref name="from"/> or later where it starts a field (after a space or ';').</summary>
    private static int KeyAt(ReadOnlySpan<char> s, string key, int from)
    {
        while (from < s.Length)
        {
            var at = s[from..].IndexOf(key, StringComparison.Ordinal);
            if (at < 0) return -1;
            at += from;
            if (at == 0 || s[at - 1] is ' ' or ';') return at;
            from = at + 1;
        }

        return -1;
    }

    private static int LastKey(ReadOnlySpan<char> s, string key)
    {
        var search = s;
        while (true)
        {
            var at = search.LastIndexOf(key, StringComparison.Ordinal);
            if (at < 0) return -1;
            if (at == 0 || s[at - 1] is ' ' or ';') return at;
            search = search[..at];
        }
    }

    private static ReadOnlySpan<char> Value(ReadOnlySpan<char> s, string key)
    {
        var at = KeyAt(s, key, 0);
        if (at < 0) return default;
        var value = s[(at + key.Length)..];
        var end = value.IndexOf(' ');
        return end < 0 ? value : value[..end];
    }
}
