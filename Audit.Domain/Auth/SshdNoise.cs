namespace Audit.Domain.Auth;

/// <summary>
/// sshd lines that are understood but are no authentication outcome: connection chatter, server life
/// cycle, debug output, and errors that name no client. Each maps to the reason kept with the line.
/// </summary>
internal static class SshdNoise
{
    private static readonly (string Prefix, string Reason)[] Prefixes =
    [
        ("Connection from ", "sshd: connection opened (its outcome is logged separately)"),
        ("Server listening on ", "sshd: server start"),
        ("Received signal ", "sshd: server stop"),
        ("Received SIGHUP", "sshd: server reload"),
        ("Server terminated", "sshd: server stop"),
        ("Exiting on signal", "sshd: server stop"),
        ("Starting session: ", "sshd: session channel opened (verbose log)"),
        ("Close session: ", "sshd: session channel closed (verbose log)"),
        ("subsystem request for ", "sshd: subsystem request (sftp …) inside a session"),
        ("Accepted key ", "sshd: key lookup (verbose log)"),
        ("Found matching ", "sshd: key lookup (verbose log)"),
        ("Accepted certificate ", "sshd: certificate lookup (verbose log)"),
        ("debug", "sshd: debug output"),
        ("SSH: Server;", "sshd: connection trace of a patched sshd"),
        ("input_userauth_request: invalid user ", "sshd: repeats the 'Invalid user' line"),
        ("Read from socket failed", "sshd: socket error without a client address"),
        ("Read error from remote host ", "sshd: socket error after the connection's outcome"),
        ("Write failed", "sshd: socket error without a client address"),
        ("Corrupted MAC on input", "sshd: transport error without a client address"),
        ("Bad packet length", "sshd: transport error without a client address"),
        ("Timeout, client not responding", "sshd: keepalive timeout of an established session"),
        ("packet_write_wait", "sshd: socket error of an established session"),
        ("Address ", "sshd: reverse DNS does not match (warning, the outcome follows)"),
        ("reverse mapping checking getaddrinfo", "sshd: reverse DNS does not match (warning, the outcome follows)"),
        ("Nasty PTR record", "sshd: suspicious reverse DNS (warning)"),
        ("kex_exchange_identification: ", "sshd: identification error without a client address (it is on the connection's other lines)"),
        ("no matching ", "sshd: key exchange error without a client address"),
        ("Unable to negotiate a ", "sshd: key exchange error without a client address"),
        ("Protocol major versions differ", "sshd: protocol mismatch"),
        ("Authentication refused: ", "sshd: key file permissions refused (configuration problem)"),
        ("Could not ", "sshd: configuration or runtime error"),
        ("PAM service(", "sshd: PAM retry limit note"),
        ("PAM adding faulty module", "sshd: PAM configuration error"),
        ("PAM unable to", "sshd: PAM configuration error"),
        ("Transferred: ", "sshd: session statistics"),
        ("User child is on pid ", "sshd: session process"),
        ("Changed root directory", "sshd: chroot of a session"),
        ("AuthorizedKeysCommand", "sshd: key lookup (verbose log)"),
        ("rexec line ", "sshd: re-exec trace"),
        ("Set /proc/self/oom_score_adj", "sshd: process setup"),
        ("Postponed ", "sshd: one step of a multi-step authentication (the verdict follows)"),
        ("syslogin_perform_logout: ", "sshd: utmp/wtmp bookkeeping error at logout (the session's end is logged separately)"),
        ("syslogin_perform_login: ", "sshd: utmp/wtmp bookkeeping error at login"),
    ];

    public static bool TryGetReason(ReadOnlySpan<char> m, out string reason)
    {
        foreach (var (prefix, why) in Prefixes)
        {
            if (m.StartsWith(prefix, StringComparison.Ordinal))
            {
                reason = why;
                return true;
            }
        }

        // "PAM 2 more authentication failures; …": PAM's summary of failures already logged one by one.
        if (m.StartsWith("PAM ", StringComparison.Ordinal) && m.Contains(" more authentication failure", StringComparison.Ordinal))
        {
            reason = "PAM summary of failures already logged one by one";
            return true;
        }

        reason = string.Empty;
        return false;
    }
}
