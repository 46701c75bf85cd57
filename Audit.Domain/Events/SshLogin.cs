namespace Audit.Domain.Events;

/// <summary>
/// An SSH authentication outcome from sshd. <see cref="Detail"/> names what sshd said in a stable,
/// lower-case form (e.g. <c>accepted</c>, <c>failed</c>, <c>invalid_user</c>, <c>preauth_closed</c>,
/// <c>max_auth_attempts</c>, <c>no_identification</c>).
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
    int? SshdPid) : AuditEvent(OccurredAt, Host);
