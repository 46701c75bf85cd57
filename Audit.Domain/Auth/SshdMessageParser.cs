using Audit.Domain.Events;
using Audit.Domain.Parsing;

namespace Audit.Domain.Auth;

/// <summary>
/// Everything sshd (and OpenSSH 9.8+'s <c>sshd-session</c>) writes, other than its PAM modules' lines:
/// strips the decorations (Solaris' <c>[ID 800047 auth.info]</c>, <c>error: </c>/<c>fatal: </c>, the
/// trailing <c>[preauth]</c>), then asks, in order, the verdict parser (Accepted/Failed), the
/// connection-end parser, the pre-authentication refusal parser, and the list of known chatter.
/// </summary>
public static class SshdMessageParser
{
    public static bool TryParse(ReadOnlySpan<char> message, in AuthLine line, out ParseResult result)
    {
        var m = StripKernelStamp(StripSolarisId(message.TrimStart(' ')));
        m = AuthText.StripPreauth(m, out var preauth);
        if (!AuthText.TryStrip(ref m, "error: ")) AuthText.TryStrip(ref m, "fatal: ");

        if (SshdAuthResultParser.TryParse(m, line, out result)) return true;
        if (SshdConnectionParser.TryParse(m, preauth, line, out result)) return true;
        if (SshdPreauthParser.TryParse(m, line, out result)) return true;
        if (TryMoreFailures(m, line, out result)) return true;
        if (SshdNoise.TryGetReason(m, out var reason))
        {
            result = ParseResult.Noise(reason);
            return true;
        }

        result = default;
        return false;
    }

    /// <summary>
    /// <c>PAM 2 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=ADDR  user=U</c>:
    /// noise line by line (the failures were logged one by one), but it carries a login so that the
    /// connection's attempt rows can name it as their detail (see SshConnectionMerger).
    /// </summary>
    private static bool TryMoreFailures(ReadOnlySpan<char> m, in AuthLine line, out ParseResult result)
    {
        result = default;
        if (!m.StartsWith("PAM ", StringComparison.Ordinal) || !m.Contains(" more authentication failure", StringComparison.Ordinal)) return false;
        var semi = m.IndexOf(';');
        var fields = PamAuthFields.Parse(semi < 0 ? default : m[(semi + 1)..].TrimStart(' '));
        SshPeer peer = default;
        if (!fields.Rhost.IsEmpty && SshPeer.TryAddress(fields.Rhost, out var ip, out var hostName)) peer = new SshPeer(ip, hostName, null);
        result = new ParseResult(ParseStatus.Noise, line.Login(SshDetail.PamMoreFailures, LoginOutcome.Failure, fields.Person, peer), "PAM summary of failures already logged one by one");
        return true;
    }

    /// <summary>
    /// A journal forwarded through the kernel log keeps its uptime stamp: <c>kernel:[  970.699396]: </c>
    /// or <c>kernel: [  970.699396] </c>.
    /// </summary>
    internal static ReadOnlySpan<char> StripKernelStamp(ReadOnlySpan<char> m)
    {
        var rest = m;
        if (!AuthText.TryStrip(ref rest, "kernel:")) return m;
        rest = rest.TrimStart(' ');
        if (!rest.StartsWith('[')) return m;
        var close = rest.IndexOf(']');
        if (close < 0 || close > 32) return m;
        rest = rest[(close + 1)..];
        AuthText.TryStrip(ref rest, ":");
        return rest.TrimStart(' ');
    }

    /// <summary>Solaris' syslog puts <c>[ID 800047 auth.info] </c> before the message.</summary>
    internal static ReadOnlySpan<char> StripSolarisId(ReadOnlySpan<char> m)
    {
        if (!m.StartsWith("[ID ", StringComparison.Ordinal)) return m;
        var close = m.IndexOf("] ", StringComparison.Ordinal);
        return close > 0 && close < 64 ? m[(close + 2)..] : m;
    }
}
