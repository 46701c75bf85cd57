namespace Audit.Domain.Events;

/// <summary>A normalized event: one row in one of the day-partitioned tables.</summary>
public abstract record AuditEvent(DateTimeOffset OccurredAt, string Host);
