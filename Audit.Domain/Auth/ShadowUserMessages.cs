using Audit.Domain.Parsing;

namespace Audit.Domain.Auth;

/// <summary>
/// shadow-utils' lines about user accounts (useradd, userdel, usermod, passwd, chage, chfn, chsh):
/// <c>new user: name=bob, UID=1001, GID=1001, home=/home/bob, shell=/bin/bash, from=/dev/pts/0</c>,
/// <c>delete user 'bob'</c>, <c>change user 'bob' shell from '/bin/sh' to '/bin/bash'</c>, <c>lock user 'bob'
/// password</c>, <c>password for 'bob' changed by 'root'</c>, <c>failed adding user 'bob', exit code: 4</c> …
/// Names are quoted <c>'bob'</c> (shadow 4.2+) or <c>`bob'</c> (4.1).
/// </summary>
internal static class ShadowUserMessages
{
    public static bool TryParse(ReadOnlySpan<char> m, in AuthLine line, out ParseResult result) =>
        TryAddOrDelete(m, line, out result) || TryModify(m, line, out result) || TryPassword(m, line, out result);

    /// <summary>useradd and userdel: the account made, not made, or removed.</summary>
    private static bool TryAddOrDelete(ReadOnlySpan<char> m, in AuthLine line, out ParseResult result)
    {
        result = default;
        var rest = m;
        if (AuthText.TryStrip(ref rest, "new user: ")) return TryNewUser(rest, line, out result);

        if (AuthText.TryStrip(ref rest, "failed adding user "))
        {
            if (!AuthText.TryQuoted(ref rest, out var name)) return false;
            var detail = rest.TrimStart(',').Trim(' ');
            return Emit(line.Account(AccountAction.UserCreated, name.ToString(), detail: AuthText.NullIfEmpty(detail), success: false), out result);
        }

        if (AuthText.TryStrip(ref rest, "failed to add user "))
        {
            return Emit(line.Account(AccountAction.UserCreated, AuthText.FirstWord(rest).ToString(), success: false), out result);
        }

        if (AuthText.TryStrip(ref rest, "delete user "))
        {
            return AuthText.TryQuoted(ref rest, out var name) && Emit(line.Account(AccountAction.UserDeleted, name.ToString()), out result);
        }

        return false;
    }

    /// <summary>usermod, chfn, chsh and chage: a property of the account changed.</summary>
    private static bool TryModify(ReadOnlySpan<char> m, in AuthLine line, out ParseResult result)
    {
        result = default;
        var rest = m;
        if (AuthText.TryStrip(ref rest, "change user name "))
        {
            // "change user name 'old' to 'new'"
            if (!AuthText.TryQuoted(ref rest, out var old) || !AuthText.TryStrip(ref rest, " to ")) return false;
            return Emit(line.Account(AccountAction.UserModified, old.ToString(), detail: "name to " + rest.ToString()), out result);
        }

        if (AuthText.TryStrip(ref rest, "change user "))
        {
            if (!AuthText.TryQuoted(ref rest, out var name)) return false;
            return TryChange(name, rest.TrimStart(' '), line, out result);
        }

        if (AuthText.TryStrip(ref rest, "changed password expiry for "))
        {
            return Emit(line.Account(AccountAction.UserModified, rest.Trim(' ').ToString(), detail: "password expiry"), out result);
        }

        if (AuthText.TryStrip(ref rest, "changed user "))
        {
            // chfn: "changed user 'bob' information"; chsh: "changed user 'bob' shell to '/bin/zsh'"
            if (!AuthText.TryQuoted(ref rest, out var name)) return false;
            if (AuthText.TryStrip(ref rest, " shell to "))
            {
                AuthText.TryQuoted(ref rest, out var shell);
                return Emit(line.Account(AccountAction.UserModified, name.ToString(), detail: "shell", shell: AuthText.NullIfEmpty(shell)), out result);
            }

            return Emit(line.Account(AccountAction.UserModified, name.ToString(), detail: rest.Trim(' ').ToString()), out result);
        }

        return false;
    }

    /// <summary>passwd and usermod -L/-U: the password changed, was mistyped, locked or unlocked.</summary>
    private static bool TryPassword(ReadOnlySpan<char> m, in AuthLine line, out ParseResult result)
    {
        result = default;
        var rest = m;
        if (AuthText.TryStrip(ref rest, "lock user ") || AuthText.TryStrip(ref rest, "unlock user "))
        {
            var what = m.StartsWith("lock", StringComparison.Ordinal) ? "password locked" : "password unlocked";
            return AuthText.TryQuoted(ref rest, out var name) && Emit(line.Account(AccountAction.UserModified, name.ToString(), detail: what), out result);
        }

        if (AuthText.TryStrip(ref rest, "password for "))
        {
            // passwd without PAM: "password for 'bob' changed by 'root'"
            if (!AuthText.TryQuoted(ref rest, out var name) || !AuthText.TryStrip(ref rest, " changed by ")) return false;
            AuthText.TryQuoted(ref rest, out var actor);
            return Emit(line.Account(AccountAction.PasswordChanged, name.ToString(), actor: AuthText.NullIfEmpty(actor)), out result);
        }

        if (AuthText.TryStrip(ref rest, "password locked for "))
        {
            return AuthText.TryQuoted(ref rest, out var name) && Emit(line.Account(AccountAction.UserModified, name.ToString(), detail: "password locked"), out result);
        }

        if (AuthText.TryStrip(ref rest, "incorrect password for "))
        {
            return Emit(line.Account(AccountAction.PasswordChanged, rest.Trim(' ').ToString(), detail: "incorrect password", success: false), out result);
        }

        return false;
    }

    /// <summary><c>name=bob, UID=1001, GID=1001, home=/home/bob, shell=/bin/bash[, from=/dev/pts/0]</c>.</summary>
    private static bool TryNewUser(ReadOnlySpan<char> s, in AuthLine line, out ParseResult result)
    {
        result = default;
        ReadOnlySpan<char> name = default, home = default, shell = default, from = default;
        long? uid = null, gid = null;
        foreach (var range in s.Split(", "))
        {
            var field = s[range];
            var eq = field.IndexOf('=');
            if (eq <= 0) continue;
            var value = field[(eq + 1)..];
            switch (field[..eq])
            {
                case "name": name = value; break;
                case "UID": uid = AuthText.TryLong(value, out var u) ? u : null; break;
                case "GID": gid = AuthText.TryLong(value, out var g) ? g : null; break;
                case "home": home = value; break;
                case "shell": shell = value; break;
                case "from": from = value; break;
            }
        }

        if (name.IsEmpty) return false;
        var detail = from.IsEmpty ? null : "from " + from.ToString();
        return Emit(line.Account(AccountAction.UserCreated, name.ToString(), detail: detail, uid: uid, gid: gid, home: AuthText.NullIfEmpty(home), shell: AuthText.NullIfEmpty(shell)), out result);
    }

    /// <summary>usermod's <c>change user 'bob' FIELD from 'old' to 'new'</c> and <c>change user 'bob' password</c>.</summary>
    private static bool TryChange(ReadOnlySpan<char> name, ReadOnlySpan<char> rest, in AuthLine line, out ParseResult result)
    {
        result = default;
        if (rest.SequenceEqual("password"))
        {
            return Emit(line.Account(AccountAction.UserModified, name.ToString(), detail: "password"), out result);
        }

        var from = rest.IndexOf(" from ", StringComparison.Ordinal);
        if (from <= 0) return false;
        var field = rest[..from];
        var change = rest[(from + 6)..];
        var to = change.LastIndexOf(" to ", StringComparison.Ordinal);
        var newValue = to >= 0 ? Unquote(change[(to + 4)..]) : default;

        long? uid = null, gid = null;
        string? home = null, shell = null;
        switch (field)
        {
            case "UID": uid = AuthText.TryLong(newValue, out var u) ? u : null; break;
            case "GID": gid = AuthText.TryLong(newValue, out var g) ? g : null; break;
            case "home": home = AuthText.NullIfEmpty(newValue); break;
            case "shell": shell = AuthText.NullIfEmpty(newValue); break;
        }

        return Emit(line.Account(AccountAction.UserModified, name.ToString(), detail: rest.ToString(), uid: uid, gid: gid, home: home, shell: shell), out result);
    }

    private static ReadOnlySpan<char> Unquote(ReadOnlySpan<char> s)
    {
        var rest = s;
        return AuthText.TryQuoted(ref rest, out var value) ? value : s;
    }

    private static bool Emit(Events.AccountChange change, out ParseResult result)
    {
        result = ParseResult.Parsed(change);
        return true;
    }
}
