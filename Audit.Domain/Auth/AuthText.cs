using System.Globalization;

namespace Audit.Domain.Auth;

/// <summary>Small span helpers the auth.log parsers share; ordinal, culture-free, allocation-free.</summary>
internal static class AuthText
{
    /// <summary>Removes <paramref name="prefix"/> from the start of <paramref name="s"/> when it is there.</summary>
    public static bool TryStrip(ref ReadOnlySpan<char> s, string prefix)
    {
        if (!s.StartsWith(prefix, StringComparison.Ordinal)) return false;
        s = s[prefix.Length..];
        return true;
    }

    /// <summary>Removes <paramref name="suffix"/> from the end of <paramref name="s"/> when it is there.</summary>
    public static bool TryStripEnd(ref ReadOnlySpan<char> s, string suffix)
    {
        if (!s.EndsWith(suffix, StringComparison.Ordinal)) return false;
        s = s[..^suffix.Length];
        return true;
    }

    /// <summary>Drops sshd's trailing <c> [preauth]</c> marker (and the spaces some writers leave after it).</summary>
    public static ReadOnlySpan<char> StripPreauth(ReadOnlySpan<char> s, out bool preauth)
    {
        s = s.TrimEnd(' ');
        preauth = TryStripEnd(ref s, "[preauth]");
        return preauth ? s.TrimEnd(' ') : s;
    }

    /// <summary>A trailing line feed that shadow-utils writes and rsyslog keeps as <c>#012</c> or a real newline.</summary>
    public static ReadOnlySpan<char> StripTrailingNewline(ReadOnlySpan<char> s)
    {
        s = s.TrimEnd(" \r\n");
        TryStripEnd(ref s, "#012");
        return s.TrimEnd(' ');
    }

    public static bool TryInt(ReadOnlySpan<char> s, out int value) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    public static bool TryLong(ReadOnlySpan<char> s, out long value) =>
        long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    /// <summary>Leading decimal digits of <paramref name="s"/> (at most 9), or null.</summary>
    public static int? LeadingInt(ReadOnlySpan<char> s, out int length)
    {
        length = 0;
        var value = 0;
        while (length < s.Length && length < 9 && s[length] is >= '0' and <= '9') value = value * 10 + (s[length++] - '0');
        return length == 0 ? null : value;
    }

    /// <summary>The text up to the first space (or all of it).</summary>
    public static ReadOnlySpan<char> FirstWord(ReadOnlySpan<char> s)
    {
        var space = s.IndexOf(' ');
        return space < 0 ? s : s[..space];
    }

    /// <summary>A TTY as a short name: <c>/dev/pts/1</c> becomes <c>pts/1</c>.</summary>
    public static string? Tty(ReadOnlySpan<char> s)
    {
        TryStrip(ref s, "/dev/");
        return s.IsEmpty ? null : s.ToString();
    }

    public static string? NullIfEmpty(ReadOnlySpan<char> s) => s.IsEmpty ? null : s.ToString();

    /// <summary>
    /// Reads a name quoted as shadow-utils quotes it, <c>'bob'</c> (4.2+) or <c>`bob'</c> (4.1), from the
    /// start of <paramref name="s"/>, and leaves <paramref name="s"/> after the closing quote.
    /// </summary>
    public static bool TryQuoted(scoped ref ReadOnlySpan<char> s, out ReadOnlySpan<char> value)
    {
        value = default;
        if (s.IsEmpty || s[0] is not ('\'' or '`')) return false;
        var close = s[1..].IndexOf('\'');
        if (close < 0) return false;
        value = s.Slice(1, close);
        s = s[(close + 2)..];
        return true;
    }
}
