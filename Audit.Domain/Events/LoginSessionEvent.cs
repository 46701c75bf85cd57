namespace Audit.Domain.Events;

/// <summary>
/// A login session starting or ending: pam_unix <c>session opened/closed</c> (old and new forms),
/// sshd <c>Disconnected from user …</c> / <c>Received disconnect …</c>. <see cref="Service"/> is the
/// PAM service or program (sshd, sudo, su, cron, login, systemd-user …); <see cref="Pid"/> the
/// process that logged it (for sshd the session's sshd pid, which auditd's LOGIN ties to a ses).
/// <see cref="ByUser"/>/<see cref="ByUid"/> come from pam_unix's <c>by alice(uid=1000)</c> or <c>by (uid=0)</c>.
/// </summary>
public sealed record LoginSessionEvent(
    DateTimeOffset OccurredAt,
    string Host,
    SessionAction Action,
    string Service,
    string? User,
    string? ByUser,
    int? Uid,
    int? Pid,
    string? SourceIp,
    int? SourcePort,
    int? ByUid = null) : AuditEvent(OccurredAt, Host);
