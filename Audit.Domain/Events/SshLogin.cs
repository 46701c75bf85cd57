namespace Audit.Domain.Events;

/// <summary>
/// An SSH authentication outcome from sshd. <see cref="Detail"/> names what sshd said in a stable,
/// lower-case form (e.g. <c>accepted</c>, <c>failed</c>, <c>invalid_user</c>, <c>preauth_closed</c>,
/// <c>max_auth_attempts</c>, <c>no_identification</c>; the full list is <see cref="Auth.SshDetail"/>).
/// <see cref="SourceIp"/> holds only a valid IPv4/IPv6 address (an IPv4-mapped IPv6 address as IPv4);
/// when sshd logged a host name (UseDNS) it is in <see cref="SourceHost"/>. <see cref="Service"/> is the
/// PAM service for failures other programs log through PAM (login, vsftpd …); <c>sshd</c> for sshd.
/// <see cref="Details"/> lists, in order, the detail of every line of the connection merged into this
/// attempt (e.g. <c>pam_failure, failed, preauth_closed</c>); null for a line not merged.
/// </summary>
public sealed record SshLogin(
    DateTimeOffset OccurredAt,
    string Host,
    string? User,
    string? SourceIp,
    int? SourcePort,
    string? Method,
    LoginOutcome Outcome,
    bool InvalidUser,
    string? KeyType,
    string? KeyFingerprint,
    string Detail,
    int? SshdPid,
    string? SourceHost = null,
    string Service = "sshd",
    IReadOnlyList<string>? Details = null) : AuditEvent(OccurredAt, Host);
