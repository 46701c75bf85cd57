namespace Audit.Domain.Events;

/// <summary>
/// A normalized event: one row in one of the day-partitioned tables. <see cref="Host"/> is where it
/// happened: the syslog header's host when the line has one, else the shipper's. <see cref="RelayHost"/>
/// is the shipper's host (<c>host.name</c>, <c>?host=</c>) when it differs — a relay that forwarded
/// other machines' logs; null when they agree.
/// </summary>
public abstract record AuditEvent(DateTimeOffset OccurredAt, string Host)
{
    public string? RelayHost { get; init; }
}
