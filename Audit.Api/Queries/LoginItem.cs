namespace Audit.Api.Queries;

/// <summary>
/// One authentication attempt (sshd's lines of one connection merged: one row per <c>Failed</c>/<c>Accepted</c>),
/// or a connection closed before any attempt (outcome <c>closed_before_attempt</c>), or another PAM service's failure.
/// </summary>
/// <param name="Outcome">success, failure, or closed_before_attempt (an sshd connection that ended before any password or key was tried).</param>
/// <param name="Detail">The line the row stands for, e.g. accepted, failed, pam_failure (a PAM failure whose verdict line never came), preauth_closed, no_identification.</param>
/// <param name="RelayHost">The shipper's host where it differs from the syslog header's (a relay); <c>host</c> (and host=) is the header's.</param>
/// <param name="Details">Every line of the connection merged into this row, in order, e.g. [pam_failure, failed, preauth_closed]; null for rows not merged.</param>
/// <param name="Service">sshd, or the PAM service of another login failure (login, vsftpd …).</param>
/// <param name="SourceHost">The client's name where sshd logged one (UseDNS).</param>
public sealed record LoginItem(
    DateTimeOffset Time, string Host, string? User, string? SourceIp, int? SourcePort, string? SourceHost, string? Method, string Outcome,
    bool InvalidUser, string? KeyType, string? KeyFingerprint, string Detail, string Service, int? SshdPid, long RawId, IReadOnlyList<string>? Details, string? RelayHost = null);
