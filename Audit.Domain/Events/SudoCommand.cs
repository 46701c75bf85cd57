namespace Audit.Domain.Events;

/// <summary>
/// One use of sudo, from auth.log (<c>alice : TTY=pts/0 ; PWD=/ ; USER=root ; COMMAND=/bin/ls</c>)
/// or from auditd's USER_CMD (<see cref="Origin"/> <c>auth</c> or <c>auditd</c>). <see cref="Reason"/>
/// says why it was denied: <c>incorrect password</c>, <c>not in sudoers</c>, <c>command not allowed</c>,
/// <c>authentication failure</c> … auditd adds <see cref="LoginUid"/> and <see cref="Session"/>.
/// </summary>
public sealed record SudoCommand(
    DateTimeOffset OccurredAt,
    string Host,
    string User,
    string? RunAs,
    string? RunAsGroup,
    string? Command,
    string? Cwd,
    string? Tty,
    SudoOutcome Outcome,
    string? Reason,
    int? IncorrectAttempts,
    string Origin,
    int? Pid,
    string? LoginUser,
    long? LoginUid,
    long? Session) : AuditEvent(OccurredAt, Host);
