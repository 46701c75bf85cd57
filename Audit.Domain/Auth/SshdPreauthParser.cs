using Audit.Domain.Events;
using Audit.Domain.Parsing;

namespace Audit.Domain.Auth;

/// <summary>
/// sshd's refusals before any password or key is checked — each names the client, so each is a failed
/// login: <c>Invalid user</c>, <c>Did not receive identification string</c>, <c>Bad protocol version
/// identification</c>, <c>Unable to negotiate</c>, <c>maximum authentication attempts exceeded</c>,
/// <c>User … not allowed because …</c>, <c>ROOT LOGIN REFUSED</c>, tcp_wrappers' <c>refused connect</c>,
/// <c>Timeout before authentication</c>, <c>ssh_dispatch_run_fatal</c>, and sshd's own
/// <c>error: PAM: … for USER from HOST</c>. Client text (user names, banners) comes before the
/// address, so the address is read from the right. Each message starts with its own text, so the
/// three groups below never claim one another's lines.
/// </summary>
internal static class SshdPreauthParser
{
    public static bool TryParse(ReadOnlySpan<char> m, in AuthLine line, out ParseResult result) =>
        TryAccountRefused(m, line, out result) || TryProtocolFailure(m, line, out result) || TryConnectionRefused(m, line, out result);

    /// <summary>The account was turned away: unknown, not allowed, root refused, too many attempts, PAM said no.</summary>
    private static bool TryAccountRefused(ReadOnlySpan<char> m, in AuthLine line, out ParseResult result)
    {
        result = default;
        var rest = m;
        if (AuthText.TryStrip(ref rest, "Invalid user "))
        {
            if (!TryUserFrom(rest, out var user, out var peer)) return false;
            return Fail(SshDetail.InvalidUser, user, peer, true, line, out result);
        }

        if (AuthText.TryStrip(ref rest, "maximum authentication attempts exceeded for "))
        {
            var invalid = AuthText.TryStrip(ref rest, "invalid user ");
            return TryUserFrom(rest, out var user, out var peer) && Fail(SshDetail.MaxAuthAttempts, user, peer, invalid, line, out result);
        }

        if (AuthText.TryStrip(ref rest, "User "))
        {
            return TryNotAllowed(rest, line, out result);
        }

        if (AuthText.TryStrip(ref rest, "ROOT LOGIN REFUSED FROM "))
        {
            return SshPeer.TryRead(rest, out var peer, out var tail) && tail.IsEmpty && Fail(SshDetail.RootRefused, "root", peer, false, line, out result);
        }

        if (AuthText.TryStrip(ref rest, "PAM: "))
        {
            return TryPamError(rest, line, out result);
        }

        return false;
    }

    /// <summary>The client did not speak the protocol: no or a bad banner, no common algorithms, a fatal packet error.</summary>
    private static bool TryProtocolFailure(ReadOnlySpan<char> m, in AuthLine line, out ParseResult result)
    {
        result = default;
        var rest = m;
        if (AuthText.TryStrip(ref rest, "Did not receive identification string from "))
        {
            return TryPeerOnly(rest, SshDetail.NoIdentification, line, out result);
        }

        if (AuthText.TryStrip(ref rest, "Bad protocol version identification "))
        {
            return TryUserFrom(rest, out _, out var peer) && Fail(SshDetail.BadProtocol, null, peer, false, line, out result);
        }

        if (AuthText.TryStrip(ref rest, "banner exchange: Connection from "))
        {
            return TryPeerThenReason(rest, SshDetail.BadProtocol, line, out result);
        }

        if (AuthText.TryStrip(ref rest, "Unable to negotiate with "))
        {
            return TryPeerThenReason(rest, SshDetail.KexFailed, line, out result);
        }

        if (AuthText.TryStrip(ref rest, "ssh_dispatch_run_fatal: Connection from "))
        {
            var colon = rest.IndexOf(": ", StringComparison.Ordinal);
            var id = colon < 0 ? rest : rest[..colon];
            if (!SshdConnectionParser.TryConnectionId(id, out var peer, out var user, out var invalid, out _)) return false;
            return Fail(SshDetail.ProtocolError, user, peer, invalid, line, out result);
        }

        if (AuthText.TryStrip(ref rest, "Magic value check failed "))
        {
            return TryUserFrom(rest, out _, out var peer) && Fail(SshDetail.ProtocolError, null, peer, false, line, out result);
        }

        return false;
    }

    /// <summary>The connection itself was refused (tcp_wrappers) or timed out before authentication.</summary>
    private static bool TryConnectionRefused(ReadOnlySpan<char> m, in AuthLine line, out ParseResult result)
    {
        result = default;
        var rest = m;
        if (AuthText.TryStrip(ref rest, "refused connect from "))
        {
            // tcp_wrappers: "refused connect from NAME (ADDR)"; NAME may be client-chosen text.
            var open = rest.LastIndexOf('(');
            if (open < 0 || rest[^1] != ')' || !SshPeer.TryRead(rest[(open + 1)..^1], out var peer, out var tail) || !tail.IsEmpty) return false;
            return Fail(SshDetail.RefusedConnect, null, peer, false, line, out result);
        }

        if (AuthText.TryStrip(ref rest, "Timeout before authentication for "))
        {
            AuthText.TryStrip(ref rest, "connection from ");
            return SshPeer.TryRead(rest, out var peer, out _) && Fail(SshDetail.PreauthTimeout, null, peer, false, line, out result);
        }

        return false;
    }

    /// <summary><c>USER from ADDR[ port N][ ssh2]</c>, with the address taken from the last <c>" from "</c> that ends the text.</summary>
    private static bool TryUserFrom(ReadOnlySpan<char> s, out string? user, out SshPeer peer)
    {
        user = null;
        peer = default;
        var search = s;
        while (true)
        {
            var at = search.LastIndexOf(" from ", StringComparison.Ordinal);
            if (at < 0)
            {
                // An empty user name leaves "from" at the very start (once the message was trimmed).
                if (!s.StartsWith("from ", StringComparison.Ordinal) || !TryPeerEnd(s[5..], out peer)) return false;
                user = string.Empty;
                return true;
            }

            if (TryPeerEnd(s[(at + 6)..], out peer))
            {
                user = s[..at].ToString();
                return true;
            }

            search = search[..at];
        }
    }

    private static bool TryPeerEnd(ReadOnlySpan<char> s, out SshPeer peer)
    {
        if (!SshPeer.TryRead(s, out peer, out var tail)) return false;
        tail = tail.TrimStart(' ');
        return tail.IsEmpty || tail is "ssh2" or "ssh1";
    }

    private static bool TryPeerOnly(ReadOnlySpan<char> s, string detail, in AuthLine line, out ParseResult result)
    {
        result = default;
        return TryPeerEnd(s, out var peer) && Fail(detail, null, peer, false, line, out result);
    }

    /// <summary><c>ADDR[ port N]: reason</c>.</summary>
    private static bool TryPeerThenReason(ReadOnlySpan<char> s, string detail, in AuthLine line, out ParseResult result)
    {
        result = default;
        if (!SshPeer.TryRead(s, out var peer, out var tail) || !(tail.IsEmpty || tail.StartsWith(':'))) return false;
        return Fail(detail, null, peer, false, line, out result);
    }

    /// <summary><c>USER from ADDR not allowed because REASON</c>, or <c>USER not allowed because account is locked</c>.</summary>
    private static bool TryNotAllowed(ReadOnlySpan<char> s, in AuthLine line, out ParseResult result)
    {
        result = default;
        var because = s.IndexOf(" not allowed because ", StringComparison.Ordinal);
        if (because <= 0) return false;
        var head = s[..because];
        if (TryUserFrom(head, out var user, out var peer))
        {
            return Fail(SshDetail.NotAllowed, user, peer, false, line, out result);
        }

        return Fail(SshDetail.NotAllowed, head.ToString(), default, false, line, out result);
    }

    /// <summary>
    /// sshd's PAM glue: <c>Authentication failure|authentication error|User not known to the underlying
    /// authentication module|unknown user for [illegal user ]USER from HOST[ via LOCAL]</c>.
    /// </summary>
    private static bool TryPamError(ReadOnlySpan<char> s, in AuthLine line, out ParseResult result)
    {
        result = default;
        var forAt = s.IndexOf(" for ", StringComparison.Ordinal);
        if (forAt < 0) return false;
        var what = s[..forAt];
        var rest = s[(forAt + 5)..];
        var via = rest.LastIndexOf(" via ", StringComparison.Ordinal);
        if (via > 0 && SshPeer.TryRead(rest[(via + 5)..], out _, out var viaTail) && viaTail.IsEmpty) rest = rest[..via];
        var invalid = AuthText.TryStrip(ref rest, "illegal user ")
            || what.Contains("not known", StringComparison.Ordinal) || what.Contains("unknown user", StringComparison.Ordinal);
        if (!TryUserFrom(rest, out var user, out var peer)) return false;
        return Fail(SshDetail.PamFailure, user, peer, invalid, line, out result);
    }

    private static bool Fail(string detail, string? user, in SshPeer peer, bool invalid, in AuthLine line, out ParseResult result)
    {
        result = ParseResult.Parsed(line.Login(detail, LoginOutcome.Failure, user, peer, invalidUser: invalid));
        return true;
    }
}
