namespace Audit.Domain.Auth;

/// <summary>
/// Recognises the client address sshd and PAM write: an IPv4 or IPv6 address (checked strictly, kept
/// as written, so <c>192.030.0.6</c> stays text and is never read as octal), or, with UseDNS, a host
/// name. An IPv4-mapped IPv6 address (<c>::ffff:1.2.3.4</c>) is the IPv4 address, as a query by IP expects.
/// </summary>
public static class AddressText
{
    /// <summary>True for a valid IPv4/IPv6 address; <paramref name="ip"/> is it as written, or its IPv4 form.</summary>
    public static bool TryIp(ReadOnlySpan<char> s, out string ip)
    {
        ip = string.Empty;
        if (IsIPv4(s))
        {
            ip = s.ToString();
            return true;
        }

        if (!IsIPv6(s)) return false;
        if (s.Length > 7 && s[..7].Equals("::ffff:", StringComparison.OrdinalIgnoreCase) && IsIPv4(s[7..]))
        {
            ip = s[7..].ToString();
            return true;
        }

        ip = s.ToString();
        return true;
    }

    /// <summary>
    /// A DNS name as sshd prints it: letters, digits, <c>-</c>, <c>_</c> and dots, at most 253 characters,
    /// with at least one letter (so a port number or a bad IPv4 address is not taken for a name).
    /// </summary>
    public static bool IsHostName(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty || s.Length > 253 || s[0] is '.' or '-') return false;
        var letter = false;
        foreach (var c in s)
        {
            if (char.IsAsciiLetter(c)) letter = true;
            else if (!(char.IsAsciiDigit(c) || c is '-' or '_' or '.')) return false;
        }

        return letter;
    }

    public static bool IsIPv4(ReadOnlySpan<char> s)
    {
        var parts = 0;
        var i = 0;
        while (true)
        {
            var start = i;
            var value = 0;
            while (i < s.Length && s[i] is >= '0' and <= '9' && i - start < 3) value = value * 10 + (s[i++] - '0');
            if (i == start || value > 255) return false;
            parts++;
            if (i == s.Length) return parts == 4;
            if (s[i] != '.' || parts == 4) return false;
            i++;
        }
    }

    public static bool IsIPv6(ReadOnlySpan<char> s)
    {
        var zone = s.IndexOf('%');
        if (zone >= 0)
        {
            if (zone == s.Length - 1) return false;
            s = s[..zone];
        }

        if (s.Length < 2 || s.IndexOf(':') < 0) return false;
        var doubleColon = s.IndexOf("::", StringComparison.Ordinal);
        if (doubleColon >= 0 && s[(doubleColon + 1)..].IndexOf("::", StringComparison.Ordinal) >= 0) return false;

        var groups = 0;
        var i = 0;
        if (doubleColon == 0) i = 2;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && char.IsAsciiHexDigit(s[i]) && i - start < 5) i++;
            if (i < s.Length && s[i] == '.')
            {
                // Embedded IPv4 tail (::ffff:1.2.3.4): counts as two groups.
                if (!IsIPv4(s[start..])) return false;
                groups += 2;
                i = s.Length;
                break;
            }

            if (i == start || i - start > 4) return false;
            groups++;
            if (i == s.Length) break;
            if (s[i] != ':') return false;
            i++;
            if (i < s.Length && s[i] == ':')
            {
                if (i - 1 != doubleColon) return false;
                i++;
            }
            else if (i == s.Length)
            {
                return false; // trailing single colon
            }
        }

        return doubleColon >= 0 ? groups <= 7 : groups == 8;
    }
}
