namespace Audit.Domain.Auth;

/// <summary>
/// The client side of an sshd message: <c>ADDR</c>, <c>ADDR port N</c> or <c>ADDR port N:</c>, where ADDR is
/// an IP address (<see cref="Ip"/>) or a resolved host name (<see cref="HostName"/>).
/// </summary>
internal readonly record struct SshPeer(string? Ip, string? HostName, int? Port)
{
    /// <summary>
    /// Reads a peer at the start of <paramref name="s"/>; <paramref name="tail"/> is what follows it (after
    /// the port digits, or after the address and one optional colon). False when the first word is no address.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<char> s, out SshPeer peer, out ReadOnlySpan<char> tail)
    {
        peer = default;
        tail = default;
        var end = s.IndexOfAny(' ', ',');
        var token = end < 0 ? s : s[..end];
        var rest = end < 0 ? ReadOnlySpan<char>.Empty : s[end..];
        // "Received disconnect from 1.2.3.4: 11: …" — a colon right after the address ends it (IPv6
        // addresses never end in a single colon, so a trailing one is punctuation).
        if (token.Length > 1 && token[^1] == ':' && token[^2] != ':')
        {
            rest = s[(token.Length - 1)..];
            token = token[..^1];
        }

        if (!TryAddress(token, out var ip, out var hostName)) return false;
        int? port = null;
        if (rest.StartsWith(" port ", StringComparison.Ordinal))
        {
            var digits = AuthText.LeadingInt(rest[6..], out var length);
            if (digits is null) return false;
            port = digits;
            rest = rest[(6 + length)..];
        }

        peer = new SshPeer(ip, hostName, port);
        tail = rest;
        return true;
    }

    /// <summary>Reads an address token on its own: an IP, else a host name.</summary>
    public static bool TryAddress(ReadOnlySpan<char> token, out string? ip, out string? hostName)
    {
        ip = hostName = null;
        if (AddressText.TryIp(token, out var text))
        {
            ip = text;
            return true;
        }

        if (!AddressText.IsHostName(token)) return false;
        hostName = token.ToString();
        return true;
    }

    /// <summary>
    /// Finds, right to left, the last <c>" ADDR[ port N]"</c> that ends <paramref name="s"/>, so a user name
    /// with spaces before it cannot pose as the address (<c>user test 10.0.0.1 192.0.2.11 port 22</c>).
    /// <paramref name="before"/> is the text in front of it.
    /// </summary>
    public static bool TryReadAtEnd(ReadOnlySpan<char> s, out SshPeer peer, out ReadOnlySpan<char> before)
    {
        peer = default;
        before = default;
        var search = s;
        while (true)
        {
            var space = search.LastIndexOf(' ');
            if (space < 0)
            {
                // The whole text may be the address ("Connection closed by 1.2.3.4").
                if (TryRead(s, out peer, out var wholeTail) && wholeTail.IsEmpty)
                {
                    before = ReadOnlySpan<char>.Empty;
                    return true;
                }

                return false;
            }

            // Skip " port N" while looking for the start of the address.
            if (TryRead(s[(space + 1)..], out peer, out var tail) && tail.IsEmpty)
            {
                before = s[..space];
                return true;
            }

            search = search[..space];
        }
    }
}
