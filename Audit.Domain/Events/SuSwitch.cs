namespace Audit.Domain.Events;

/// <summary>A user switch with su (util-linux and shadow forms): who became whom, and whether it worked.</summary>
public sealed record SuSwitch(
    DateTimeOffset OccurredAt,
    string Host,
    string? User,
    string Target,
    bool Success,
    string? Tty,
    int? Pid) : AuditEvent(OccurredAt, Host);
