namespace Audit.Domain.Syslog;

/// <summary>
/// What a header without a year or zone needs: a reference instant close to when the line was
/// written (the shipper's timestamp, else the receive time) and the zone the host writes in.
/// </summary>
public readonly record struct TimeContext(DateTimeOffset Reference, TimeZoneInfo Zone)
{
    public static TimeContext Utc(DateTimeOffset reference) => new(reference, TimeZoneInfo.Utc);
}
