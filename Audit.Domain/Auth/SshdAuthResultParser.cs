using Audit.Domain.Events;
using Audit.Domain.Parsing;

namespace Audit.Domain.Auth;

/// <summary>
/// sshd's per-attempt verdict, <c>Accepted|Failed|Postponed|Partial METHOD for [invalid user ]USER from
/// ADDR port N ssh2[: KEYTYPE FINGERPRINT…]</c>. The user name is the client's text and may itself
/// contain <c>from 1.2.3.4 port 5 ssh2</c>, so the address is the first one after which the line ends —
/// or, for methods that carry key information (publickey, hostbased, gssapi) and for SSH-1, is followed
/// by <c>": "</c>.
/// </summary>
internal static class SshdAuthResultParser
{
    public static bool TryParse(ReadOnlySpan<char> m, in AuthLine line, out ParseResult result)
    {
        result = default;
        string detail;
        LoginOutcome outcome;
        if (AuthText.TryStrip(ref m, "Accepted "))
        {
            detail = SshDetail.Accepted;
            outcome = LoginOutcome.Success;
        }
        else if (AuthText.TryStrip(ref m, "Failed "))
        {
            detail = SshDetail.Failed;
            outcome = LoginOutcome.Failure;
        }
        else if (m.StartsWith("Postponed ", StringComparison.Ordinal) || m.StartsWith("Partial ", StringComparison.Ordinal))
        {
            if (m.IndexOf(" for ", StringComparison.Ordinal) < 0) return false;
            result = ParseResult.Noise("sshd: one step of a multi-step authentication (the verdict follows)");
            return true;
        }
        else
        {
            return false;
        }

        var space = m.IndexOf(' ');
        if (space <= 0) return false;
        var method = m[..space];
        m = m[(space + 1)..];
        if (!AuthText.TryStrip(ref m, "for ")) return false;
        var invalid = AuthText.TryStrip(ref m, "invalid user ");
        if (!TryFindPeer(m, method, out var userEnd, out var peer, out var extra)) return false;

        var user = m[..userEnd];
        string? userName = user.ToString();
        if (user.SequenceEqual("<invalid username>"))
        {
            invalid = true; // Solaris writes this instead of the name
            userName = null;
        }

        string? keyType = null, fingerprint = null;
        if (!extra.IsEmpty && CarriesKeyInfo(method))
        {
            var keyEnd = extra.IndexOf(' ');
            if (keyEnd > 0)
            {
                keyType = extra[..keyEnd].ToString();
                var fp = extra[(keyEnd + 1)..];
                var fpEnd = fp.IndexOfAny(' ', ',');
                fingerprint = AuthText.NullIfEmpty(fpEnd < 0 ? fp : fp[..fpEnd]);
            }
        }

        var login = line.Login(detail, outcome, userName, peer, MethodName(method), invalid, keyType, fingerprint);
        result = ParseResult.Parsed(login);
        return true;
    }

    private static bool TryFindPeer(ReadOnlySpan<char> m, ReadOnlySpan<char> method, out int userEnd, out SshPeer peer, out ReadOnlySpan<char> extra)
    {
        userEnd = -1;
        peer = default;
        extra = default;
        var fallback = -1;
        SshPeer fallbackPeer = default;
        ReadOnlySpan<char> fallbackExtra = default;
        var offset = 0;
        while (true)
        {
            var at = m[offset..].IndexOf(" from ", StringComparison.Ordinal);
            if (at < 0) break;
            at += offset;
            offset = at + 1;
            if (!SshPeer.TryRead(m[(at + 6)..], out var candidate, out var tail)) continue;
            var ssh1 = false;
            tail = tail.TrimStart(' ');
            if (tail.StartsWith("ssh", StringComparison.Ordinal) && tail.Length >= 4 && tail[3] is '1' or '2')
            {
                ssh1 = tail[3] == '1';
                tail = tail[4..];
            }

            if (tail.IsEmpty)
            {
                userEnd = at;
                peer = candidate;
                return true;
            }

            if (!tail.StartsWith(": ", StringComparison.Ordinal)) continue;
            if (CarriesKeyInfo(method) || ssh1)
            {
                userEnd = at;
                peer = candidate;
                extra = tail[2..];
                return true;
            }

            if (fallback < 0)
            {
                fallback = at;
                fallbackPeer = candidate;
                fallbackExtra = tail[2..];
            }
        }

        if (fallback < 0) return false;
        userEnd = fallback;
        peer = fallbackPeer;
        extra = fallbackExtra;
        return true;
    }

    private static bool CarriesKeyInfo(ReadOnlySpan<char> method) =>
        method.StartsWith("publickey", StringComparison.Ordinal) || method.StartsWith("hostbased", StringComparison.Ordinal)
        || method.StartsWith("gssapi", StringComparison.Ordinal);

    private static string MethodName(ReadOnlySpan<char> method) => method switch
    {
        "publickey" => "publickey",
        "password" => "password",
        "keyboard-interactive" => "keyboard-interactive",
        "keyboard-interactive/pam" => "keyboard-interactive/pam",
        "hostbased" => "hostbased",
        "gssapi-with-mic" => "gssapi-with-mic",
        "none" => "none",
        _ => method.ToString(),
    };
}
