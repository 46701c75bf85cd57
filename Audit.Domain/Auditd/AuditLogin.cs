using Audit.Domain.Events;

namespace Audit.Domain.Auditd;

/// <summary>
/// auditd LOGIN: the kernel set a process's login uid and session (pam_loginuid at sshd, login, cron …).
/// Ties <see cref="Pid"/> (e.g. the sshd session process) to <see cref="Auid"/>/<see cref="Session"/>,
/// which every later record of that login carries. Ids are null when unset (4294967295).
/// </summary>
public sealed record AuditLogin(
    DateTimeOffset OccurredAt,
    string Host,
    long Serial,
    int? Pid,
    long? Uid,
    long? OldAuid,
    long? Auid,
    long? OldSession,
    long? Session,
    string? Tty,
    bool? Success,
    string? LoginUser) : AuditEvent(OccurredAt, Host);
