using Audit.Domain.Events;
using Audit.Domain.Parsing;

namespace Audit.Domain.Auth;

/// <summary>
/// Turns a PAM authentication failure into the event of the program that asked: sudo's into a denied
/// <see cref="SudoCommand"/>, su's into a failed <see cref="SuSwitch"/>, passwd's into a failed password
/// change, every other service's (sshd, login, vsftpd …) into a failed <see cref="SshLogin"/> with that
/// <see cref="SshLogin.Service"/>.
/// </summary>
internal static class PamFailureMapper
{
    public static ParseResult Map(string service, in PamAuthFields fields, in AuthLine line)
    {
        var person = fields.Person;
        var tty = AuthText.Tty(fields.Tty);
        switch (service)
        {
            case "sudo" or "sudo-i":
            {
                // sudo sets PAM_RUSER to the invoking user; PAM_USER is whom it authenticates (root with rootpw).
                var user = AuthText.NullIfEmpty(fields.Ruser) ?? person ?? AuthText.NullIfEmpty(fields.Logname);
                if (user is null) return ParseResult.Unparsed("sudo authentication failure that names no user");
                var sudo = new SudoCommand(line.Time, line.Host, user, null, null, null, null, tty, SudoOutcome.Denied,
                    "authentication failure", null, "auth", line.Pid, AuthText.NullIfEmpty(fields.Logname), null, null);
                return ParseResult.Parsed(sudo);
            }

            case "su" or "su-l":
            {
                if (!fields.HasUser || fields.User.IsEmpty) return ParseResult.Unparsed("su authentication failure that names no target user");
                var who = AuthText.NullIfEmpty(fields.Ruser) ?? AuthText.NullIfEmpty(fields.Logname);
                return ParseResult.Parsed(new SuSwitch(line.Time, line.Host, who, fields.User.ToString(), false, tty, line.Pid));
            }

            case "passwd" or "chpasswd" or "chage":
            {
                var target = person ?? AuthText.NullIfEmpty(fields.Logname);
                if (target is null) return ParseResult.Unparsed("password change failure that names no user");
                return ParseResult.Parsed(line.Account(AccountAction.PasswordChanged, target, detail: "authentication failure", success: false));
            }

            default:
            {
                SshPeer peer = default;
                if (!fields.Rhost.IsEmpty && SshPeer.TryAddress(fields.Rhost, out var ip, out var hostName)) peer = new SshPeer(ip, hostName, null);
                return ParseResult.Parsed(line.Login(SshDetail.PamFailure, LoginOutcome.Failure, person, peer, service: service));
            }
        }
    }

    /// <summary>
    /// pam_faillock's <c>Consecutive login failures for user X account temporarily locked</c> and pam_tally2's
    /// <c>user X (1001) tally 6, deny 5</c>: the account is locked.
    /// </summary>
    public static ParseResult Locked(string service, ReadOnlySpan<char> body, in AuthLine line)
    {
        var rest = body;
        ReadOnlySpan<char> user = default;
        if (AuthText.TryStrip(ref rest, "Consecutive login failures for user "))
        {
            var end = rest.IndexOf(" account ", StringComparison.Ordinal);
            user = end < 0 ? AuthText.FirstWord(rest) : rest[..end];
        }
        else if (AuthText.TryStrip(ref rest, "user ") && rest.Contains(" tally ", StringComparison.Ordinal) && rest.Contains(" deny ", StringComparison.Ordinal))
        {
            user = AuthText.FirstWord(rest);
        }
        else
        {
            return ParseResult.Noise("pam_faillock/pam_tally bookkeeping");
        }

        return ParseResult.Parsed(line.Login(SshDetail.AccountLocked, LoginOutcome.Failure, user.ToString(), default, service: service));
    }
}
