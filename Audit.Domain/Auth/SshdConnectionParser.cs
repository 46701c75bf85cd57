using Audit.Domain.Events;
using Audit.Domain.Parsing;

namespace Audit.Domain.Auth;

/// <summary>
/// sshd's connection ends, which name the connection as <c>[authenticating user X |invalid user X |user X ]ADDR port N</c>:
/// <c>Connection closed|reset by …</c>, <c>Disconnected from …</c>, <c>Received disconnect from ADDR port N:CODE: reason</c>,
/// <c>Disconnecting …: reason</c>. Before authentication (<c>[preauth]</c>) they are failed logins; <c>Disconnected
/// from user X</c> is the end of a session; the rest is connection chatter.
/// </summary>
internal static class SshdConnectionParser
{
    public static bool TryParse(ReadOnlySpan<char> m, bool preauth, in AuthLine line, out ParseResult result)
    {
        result = default;
        if (AuthText.TryStrip(ref m, "Connection closed by "))
        {
            return TryClosed(m, preauth, SshDetail.PreauthClosed, line, out result);
        }

        if (AuthText.TryStrip(ref m, "Connection reset by "))
        {
            return TryClosed(m, preauth, SshDetail.PreauthReset, line, out result);
        }

        if (AuthText.TryStrip(ref m, "Disconnected from "))
        {
            if (!TryConnectionId(m, out var peer, out var user, out var invalid, out var postAuth)) return false;
            if (preauth || (user is not null && !postAuth)) result = ParseResult.Parsed(line.Login(SshDetail.PreauthDisconnect, LoginOutcome.Failure, user, peer, invalidUser: invalid));
            else if (postAuth) result = ParseResult.Parsed(line.Session(SessionAction.Closed, "sshd", user, peer: peer));
            else result = ParseResult.Noise("sshd: connection ended outside authentication");
            return true;
        }

        if (AuthText.TryStrip(ref m, "Received disconnect from "))
        {
            return TryReceivedDisconnect(m, preauth, line, out result);
        }

        if (AuthText.TryStrip(ref m, "Disconnecting"))
        {
            return TryDisconnecting(m, line, out result);
        }

        return false;
    }

    private static bool TryClosed(ReadOnlySpan<char> m, bool preauth, string detail, in AuthLine line, out ParseResult result)
    {
        result = default;
        if (!TryConnectionId(m, out var peer, out var user, out var invalid, out var postAuth)) return false;
        // "authenticating user" / "invalid user" can only be before authentication, [preauth] or not.
        result = preauth || (user is not null && !postAuth)
            ? ParseResult.Parsed(line.Login(detail, LoginOutcome.Failure, user, peer, invalidUser: invalid))
            : ParseResult.Noise("sshd: connection ended outside authentication");
        return true;
    }

    /// <summary><c>ADDR[ port N]:CODE: reason</c> (OpenSSH 7.2+) or <c>ADDR: CODE: reason</c> (older).</summary>
    private static bool TryReceivedDisconnect(ReadOnlySpan<char> m, bool preauth, in AuthLine line, out ParseResult result)
    {
        result = default;
        if (!SshPeer.TryRead(m, out var peer, out var tail) || !tail.StartsWith(':')) return false;
        tail = tail[1..].TrimStart(' ');
        var code = AuthText.LeadingInt(tail, out _);
        // 14 = SSH2_DISCONNECT_NO_MORE_AUTH_METHODS_AVAILABLE: the client gave up on authenticating.
        if (preauth || code == 14)
        {
            result = ParseResult.Parsed(line.Login(SshDetail.PreauthDisconnect, LoginOutcome.Failure, null, peer));
        }
        else
        {
            result = ParseResult.Noise("sshd: client disconnected after authentication (the session end is logged separately)");
        }

        return true;
    }

    /// <summary><c>Disconnecting: Too many authentication failures [for USER]</c> or <c>Disconnecting CONN-ID[: reason]</c>.</summary>
    private static bool TryDisconnecting(ReadOnlySpan<char> m, in AuthLine line, out ParseResult result)
    {
        result = default;
        if (AuthText.TryStrip(ref m, ": "))
        {
            if (!AuthText.TryStrip(ref m, "Too many authentication failures"))
            {
                result = ParseResult.Noise("sshd: protocol disconnect without a client address");
                return true;
            }

            string? user = null;
            var invalid = false;
            if (AuthText.TryStrip(ref m, " for "))
            {
                invalid = AuthText.TryStrip(ref m, "invalid user ");
                user = m.ToString();
            }

            result = ParseResult.Parsed(line.Login(SshDetail.MaxAuthAttempts, LoginOutcome.Failure, user, default, invalidUser: invalid));
            return true;
        }

        if (!AuthText.TryStrip(ref m, " ")) return false;
        // The user name may contain ": ", so the connection id ends at the first ": " it parses before.
        var offset = 0;
        while (true)
        {
            var colon = m[offset..].IndexOf(": ", StringComparison.Ordinal);
            var id = colon < 0 ? m : m[..(offset + colon)];
            var reason = colon < 0 ? ReadOnlySpan<char>.Empty : m[(offset + colon + 2)..];
            if (TryConnectionId(id, out var peer, out var user, out var invalid, out _) && user is not null)
            {
                var detail = reason.Contains("Too many authentication failures", StringComparison.Ordinal)
                    ? SshDetail.MaxAuthAttempts
                    : SshDetail.PreauthDisconnect;
                result = ParseResult.Parsed(line.Login(detail, LoginOutcome.Failure, user, peer, invalidUser: invalid));
                return true;
            }

            // sshd cuts user names at 100 characters and addresses at 200: a longer id is no id.
            if (colon < 0 || offset + colon > 400) return false;
            offset += colon + 2;
        }
    }

    /// <summary>
    /// <c>[authenticating user X |invalid user X |user X ]ADDR[ port N]</c>; the address is read from the end so
    /// a user name with spaces stays whole. <paramref name="postAuth"/> is true for <c>user X</c> (authenticated).
    /// </summary>
    internal static bool TryConnectionId(ReadOnlySpan<char> m, out SshPeer peer, out string? user, out bool invalid, out bool postAuth)
    {
        user = null;
        invalid = postAuth = false;
        if (!SshPeer.TryReadAtEnd(m, out peer, out var before)) return false;
        if (before.IsEmpty) return true;
        if (AuthText.TryStrip(ref before, "authenticating user ")) { }
        else if (AuthText.TryStrip(ref before, "invalid user ")) invalid = true;
        else if (AuthText.TryStrip(ref before, "user ")) postAuth = true;
        else return false;
        user = before.ToString();
        return true;
    }
}
