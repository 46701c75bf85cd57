using Audit.Domain.Parsing;
using Audit.Domain.Syslog;

namespace Audit.Domain.Auth;

/// <summary>
/// Offers an auth.log message to its parsers in a fixed order: syslog repeat summaries (any program);
/// PAM-shaped messages (<c>pam_x(svc:type):</c>, <c>(pam_unix)</c>, <c>svc(pam_unix)</c> tags) to
/// <see cref="PamMessageParser"/> whichever program wrote them; then by program — sshd/sshd-session,
/// sudo, su, the shadow-utils tools, and programs whose lines are known noise. Returns false only for
/// programs it does not know, so the caller can try other parsers; a known program's line it cannot
/// read comes back as unparsed with a reason.
/// </summary>
public static class AuthMessageRouter
{
    private enum Family { Unknown, Sshd, Sudo, Su, Shadow, Cron, ChkPwd, Noise }

    public static bool TryParse(ReadOnlySpan<char> message, in SyslogHeader header, string fallbackHost, out ParseResult result)
    {
        var line = AuthLine.From(header, fallbackHost);
        var m = message.TrimStart(' ');
        if (TryRepeatSummary(m, out result)) return true;

        var program = header.Program;
        var pamShaped = IsPamShaped(m, program);
        if (pamShaped && PamMessageParser.TryParse(m, line, out result)) return true;

        var family = FamilyOf(program);
        var parsed = family switch
        {
            Family.Sshd => SshdMessageParser.TryParse(m, line, out result),
            Family.Sudo => SudoMessageParser.TryParse(m, line, out result),
            Family.Su => SuMessageParser.TryParse(m, line, out result),
            Family.Shadow => AccountChangeParser.TryParse(m, line, out result),
            Family.Cron => TryNoiseWhen(m.StartsWith('('), "cron: job start (not an authentication event)", out result),
            Family.ChkPwd => TryNoiseWhen(true, "unix_chkpwd: helper's echo of a password check (the calling program logs the failure)", out result),
            Family.Noise => TryNoiseWhen(true, NoiseReason(program), out result),
            _ => TryNoiseWhen(false, string.Empty, out result),
        };
        if (parsed) return true;

        if (pamShaped)
        {
            result = ParseResult.Unparsed($"PAM message not understood (program '{program}')");
            return true;
        }

        if (family == Family.Unknown) return false;
        result = ParseResult.Unparsed($"{program} message not understood");
        return true;
    }

    /// <summary><c>last message repeated 3 times</c>, <c>--- last message repeated 5 times ---</c>, rsyslog's <c>message repeated 2 times: [ … ]</c>.</summary>
    private static bool TryRepeatSummary(ReadOnlySpan<char> m, out ParseResult result)
    {
        result = default;
        var s = m;
        AuthText.TryStrip(ref s, "--- ");
        AuthText.TryStrip(ref s, "last ");
        if (!AuthText.TryStrip(ref s, "message repeated ") || AuthText.LeadingInt(s, out var digits) is null) return false;
        if (!s[digits..].StartsWith(" time", StringComparison.Ordinal)) return false;
        result = ParseResult.Noise("syslog repeat summary (the repeated line is stored once)");
        return true;
    }

    private static bool IsPamShaped(ReadOnlySpan<char> m, string program) =>
        m.StartsWith("pam_", StringComparison.Ordinal) || m.StartsWith("(pam_unix)", StringComparison.Ordinal)
        || program.EndsWith("(pam_unix)", StringComparison.Ordinal);

    private static Family FamilyOf(string program) => program switch
    {
        "sshd" or "sshd-session" or "sshd-auth" => Family.Sshd,
        "sudo" => Family.Sudo,
        "su" => Family.Su,
        "useradd" or "userdel" or "usermod" or "groupadd" or "groupdel" or "groupmod" or "gpasswd" or "passwd" or "chpasswd"
            or "chgpasswd" or "chage" or "chfn" or "chsh" or "newusers" or "groupmems" => Family.Shadow,
        "CRON" or "cron" or "crond" => Family.Cron,
        "unix_chkpwd" => Family.ChkPwd,
        "systemd-logind" or "polkitd" or "polkit-agent-helper-1" or "dbus-daemon" or "dbus-broker" or "dbus"
            or "gnome-keyring-daemon" or "systemd" => Family.Noise,
        _ => Family.Unknown,
    };

    private static string NoiseReason(string program) => program switch
    {
        "systemd-logind" => "systemd-logind: seat/session bookkeeping (pam_unix records the session)",
        "polkitd" or "polkit-agent-helper-1" => "polkit: authorization daemon chatter",
        "systemd" => "systemd: unit chatter in the auth log",
        _ => "desktop/session daemon chatter",
    };

    private static bool TryNoiseWhen(bool condition, string reason, out ParseResult result)
    {
        result = condition ? ParseResult.Noise(reason) : default;
        return condition;
    }
}
