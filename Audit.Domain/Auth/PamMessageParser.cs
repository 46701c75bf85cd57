using Audit.Domain.Parsing;

namespace Audit.Domain.Auth;

/// <summary>
/// Lines PAM modules write through any program: <c>pam_unix(sshd:session): …</c>, <c>pam_unix: …</c>,
/// <c>pam_unix(auth): …</c>, the old <c>(pam_unix) …</c> and RedHat's <c>sshd(pam_unix)[pid]: …</c> tag. The
/// PAM service is the one in parentheses, else the program. pam_unix's session lines become session
/// events, <c>authentication failure</c> (from any module) goes to <see cref="PamFailureMapper"/>,
/// pam_faillock/pam_tally locks become failed logins, the other modules' lines are noise.
/// </summary>
public static class PamMessageParser
{
    private const string PamUnixTag = "(pam_unix)";

    public static bool TryParse(ReadOnlySpan<char> message, in AuthLine line, out ParseResult result)
    {
        result = default;
        var m = message.TrimStart(' ');
        var program = line.Program.AsSpan();
        ReadOnlySpan<char> module, service, body;
        if (m.StartsWith("pam_", StringComparison.Ordinal))
        {
            var colon = m.IndexOf(": ", StringComparison.Ordinal);
            if (colon < 0) return false;
            var head = m[..colon];
            body = m[(colon + 2)..];
            var open = head.IndexOf('(');
            if (open > 0 && head[^1] == ')')
            {
                module = head[..open];
                var inner = head[(open + 1)..^1];
                var innerColon = inner.IndexOf(':');
                // "pam_unix(sshd:auth)" names the service; "pam_unix(auth)" only the type.
                service = innerColon > 0 ? inner[..innerColon] : BaseProgram(program);
            }
            else
            {
                module = head;
                service = BaseProgram(program);
            }
        }
        else if (m.StartsWith(PamUnixTag + " ", StringComparison.Ordinal))
        {
            module = "pam_unix";
            service = BaseProgram(program);
            body = m[(PamUnixTag.Length + 1)..];
        }
        else if (program.EndsWith(PamUnixTag, StringComparison.Ordinal))
        {
            module = "pam_unix";
            service = BaseProgram(program);
            body = m;
        }
        else if (m.StartsWith("PAM ", StringComparison.Ordinal) && SshdNoise.TryGetReason(m, out var pamReason))
        {
            result = ParseResult.Noise(pamReason);
            return true;
        }
        else
        {
            return false;
        }

        return TryBody(module, PamServices.Get(service), body.TrimEnd(' '), line, out result);
    }

    private static bool TryBody(ReadOnlySpan<char> module, string service, ReadOnlySpan<char> body, in AuthLine line, out ParseResult result)
    {
        result = default;
        if (body.StartsWith("authentication failure", StringComparison.Ordinal))
        {
            var fields = PamAuthFields.Parse(body);
            result = PamFailureMapper.Map(service, fields, line);
            return true;
        }

        if (module.SequenceEqual("pam_unix"))
        {
            return TryUnixBody(service, body, line, out result);
        }

        if (module is "pam_faillock" or "pam_tally" or "pam_tally2")
        {
            result = PamFailureMapper.Locked(service, body, line);
            return true;
        }

        result = ParseResult.Noise(NoiseReason(module));
        return true;
    }

    private static bool TryUnixBody(string service, ReadOnlySpan<char> body, in AuthLine line, out ParseResult result)
    {
        result = default;
        if (PamSessionParser.TryParse(service, body, line, out var session))
        {
            result = ParseResult.Parsed(session);
            return true;
        }

        var rest = body;
        if (AuthText.TryStrip(ref rest, "password changed for "))
        {
            var target = AuthText.FirstWord(rest);
            if (target.IsEmpty) return false;
            result = ParseResult.Parsed(line.Account(AccountAction.PasswordChanged, target.ToString()));
            return true;
        }

        // RedHat's "sshd(pam_unix)[1]: 2 more authentication failures; …" (the "PAM " prefix of newer PAM is missing)
        if (body.Length > 0 && char.IsAsciiDigit(body[0]) && body.Contains(" more authentication failure", StringComparison.Ordinal))
        {
            result = ParseResult.Noise("PAM summary of failures already logged one by one");
            return true;
        }

        if (body.StartsWith("check pass; user unknown", StringComparison.Ordinal))
        {
            result = ParseResult.Noise("pam_unix: unknown user (the program logs the failed attempt)");
            return true;
        }

        if (body.StartsWith("auth could not identify password", StringComparison.Ordinal) || body.StartsWith("conversation failed", StringComparison.Ordinal))
        {
            result = ParseResult.Noise("pam_unix: no password was entered (the program logs the outcome)");
            return true;
        }

        if (body.StartsWith("new password not acceptable", StringComparison.Ordinal) || body.StartsWith("password change failed", StringComparison.Ordinal))
        {
            result = ParseResult.Noise("pam_unix: a new password was rejected (the line names no user)");
            return true;
        }

        if (body.StartsWith("account ", StringComparison.Ordinal) || body.StartsWith("expired password", StringComparison.Ordinal))
        {
            result = ParseResult.Noise("pam_unix: account check note");
            return true;
        }

        return false;
    }

    /// <summary>"sshd(pam_unix)" → "sshd"; "CRON" → "CRON" (lower-cased with the other services later).</summary>
    private static ReadOnlySpan<char> BaseProgram(ReadOnlySpan<char> program) =>
        program.EndsWith(PamUnixTag, StringComparison.Ordinal) ? program[..^PamUnixTag.Length] : program;

    private static string NoiseReason(ReadOnlySpan<char> module) => module switch
    {
        "pam_systemd" => "pam_systemd: login session registration",
        "pam_limits" => "pam_limits: resource limits",
        "pam_env" => "pam_env: environment setup",
        "pam_keyinit" => "pam_keyinit: keyring setup",
        "pam_lastlog" or "pam_lastlog2" => "pam_lastlog: last login bookkeeping",
        "pam_motd" => "pam_motd: message of the day",
        "pam_mkhomedir" => "pam_mkhomedir: home directory creation",
        "pam_loginuid" => "pam_loginuid: login uid setup",
        "pam_selinux" => "pam_selinux: security context setup",
        _ => "PAM module message that is no login, session or account event",
    };
}
