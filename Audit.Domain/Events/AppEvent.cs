namespace Audit.Domain.Events;

/// <summary>
/// An application audit event from an internal platform: who (<see cref="Actor"/>) did what
/// (<see cref="Action"/>) to which <see cref="Resource"/>, from where, with before/after as JSON.
/// </summary>
public sealed record AppEvent(
    DateTimeOffset OccurredAt,
    string Host,
    string Actor,
    string Action,
    string? Resource,
    string? Outcome,
    string? SourceIp,
    string? Service,
    string? BeforeJson,
    string? AfterJson,
    string? ExtraJson) : AuditEvent(OccurredAt, Host);
