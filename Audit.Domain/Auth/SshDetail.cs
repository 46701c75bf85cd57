namespace Audit.Domain.Auth;

/// <summary>The stable <see cref="Events.SshLogin.Detail"/> words: which kind of sshd (or PAM) line the row came from.</summary>
public static class SshDetail
{
    /// <summary><c>Accepted METHOD for USER from ADDR port N ssh2</c>.</summary>
    public const string Accepted = "accepted";

    /// <summary><c>Failed METHOD for [invalid user] USER from ADDR port N ssh2</c>.</summary>
    public const string Failed = "failed";

    /// <summary><c>Invalid user USER from ADDR [port N]</c>.</summary>
    public const string InvalidUser = "invalid_user";

    /// <summary><c>Connection closed by [authenticating|invalid user USER] ADDR port N [preauth]</c>.</summary>
    public const string PreauthClosed = "preauth_closed";

    /// <summary><c>Connection reset by … [preauth]</c>.</summary>
    public const string PreauthReset = "preauth_reset";

    /// <summary><c>Disconnected from … [preauth]</c>, <c>Received disconnect from … [preauth]</c>, <c>Disconnecting … : reason</c>.</summary>
    public const string PreauthDisconnect = "preauth_disconnect";

    /// <summary><c>maximum authentication attempts exceeded …</c>, <c>Disconnecting: Too many authentication failures …</c>.</summary>
    public const string MaxAuthAttempts = "max_auth_attempts";

    /// <summary><c>Did not receive identification string from ADDR</c>.</summary>
    public const string NoIdentification = "no_identification";

    /// <summary><c>Bad protocol version identification … from ADDR</c>, <c>banner exchange: … invalid format</c>.</summary>
    public const string BadProtocol = "bad_protocol";

    /// <summary><c>Unable to negotiate with ADDR port N: no matching …</c>.</summary>
    public const string KexFailed = "kex_failed";

    /// <summary><c>ssh_dispatch_run_fatal: Connection from ADDR …</c>, <c>Magic value check failed … from ADDR</c>.</summary>
    public const string ProtocolError = "protocol_error";

    /// <summary><c>Timeout before authentication for ADDR port N</c>.</summary>
    public const string PreauthTimeout = "preauth_timeout";

    /// <summary><c>User USER from ADDR not allowed because …</c>.</summary>
    public const string NotAllowed = "not_allowed";

    /// <summary><c>ROOT LOGIN REFUSED FROM ADDR</c>.</summary>
    public const string RootRefused = "root_refused";

    /// <summary>tcp_wrappers' <c>refused connect from NAME (ADDR)</c>.</summary>
    public const string RefusedConnect = "refused_connect";

    /// <summary>A PAM module's <c>authentication failure</c>, or sshd's <c>error: PAM: … for USER from HOST</c>.</summary>
    public const string PamFailure = "pam_failure";

    /// <summary>pam_faillock/pam_tally: the account is locked after too many failures.</summary>
    public const string AccountLocked = "account_locked";

    /// <summary>PAM's <c>PAM N more authentication failures; …</c> summary (a detail of the connection's last attempt).</summary>
    public const string PamMoreFailures = "pam_more_failures";
}
