namespace Audit.Domain.Syslog;

/// <summary>Year and zone inference for RFC 3164 timestamps, which carry neither.</summary>
public static class SyslogTime
{
    /// <summary>
    /// How far past the reference a line may be dated: clocks that run ahead, or a host writing in a
    /// zone other than the one configured for it, put lines a few hours into the shipper's future.
    /// </summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromDays(1);

    private static readonly TimeSpan MaxOffset = TimeSpan.FromHours(14);

    /// <summary>
    /// Picks the latest year that does not put the line after the reference instant (plus
    /// <see cref="FutureTolerance"/>): a line is written before it is shipped. A Dec 31 line received on
    /// Jan 1 lands in the old year, a Jan 1 line from a host whose clock runs a little ahead in the new
    /// one, and a December line from a file shipped months late (a backfill in July) in the past year —
    /// not half a year in the future, as "nearest year" would date it. Feb 29 looks back to the last
    /// leap year.
    /// </summary>
    public static bool TryResolve(int month, int day, int hour, int minute, int second, int fraction100ns, in TimeContext ctx, out DateTimeOffset result)
    {
        result = default;
        // The local year is at most one off the UTC year; starting one above covers every zone.
        var refYear = ctx.Reference.UtcDateTime.Year;
        var latest = ctx.Reference + FutureTolerance;
        for (var year = Math.Min(refYear + 1, 9999); year >= refYear - 4 && year >= 1; year--)
        {
            if (day > DateTime.DaysInMonth(year, month)) continue; // Feb 29 only in leap years
            var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(fraction100ns);
            // No zone is more than 14 h off UTC: a year that far past the limit needs no zone lookup.
            if (local.Ticks - MaxOffset.Ticks > latest.UtcTicks) continue;
            var candidate = FromLocal(local, ctx.Zone);
            if (candidate > latest) continue;
            result = candidate;
            return true;
        }

        return false;
    }

    /// <summary>Local wall time in <paramref name="zone"/> to an instant; in a DST gap the standard offset is used.</summary>
    public static DateTimeOffset FromLocal(DateTime local, TimeZoneInfo zone) => new(local, OffsetOf(local, zone));

    /// <summary>
    /// The zone's offset at a local time. TimeZoneInfo's rule lookups cost far more than parsing a
    /// line, and a log's lines mostly share their hour, so the offset of the last hour seen is kept per
    /// thread — only for an hour whose offset is the same at its first and last tick, which rules out a
    /// DST change (gap or overlap) inside it.
    /// </summary>
    private static TimeSpan OffsetOf(DateTime local, TimeZoneInfo zone)
    {
        if (ReferenceEquals(zone, TimeZoneInfo.Utc)) return TimeSpan.Zero;
        var hour = local.Ticks - (local.Ticks % TimeSpan.TicksPerHour);
        var cache = lastHour;
        if (cache is not null && ReferenceEquals(cache.Zone, zone) && cache.HourTicks == hour) return cache.Offset;

        var offset = Exact(local, zone);
        var start = new DateTime(hour, DateTimeKind.Unspecified);
        var end = start.AddTicks(TimeSpan.TicksPerHour - 1);
        var startOffset = Exact(start, zone);
        if (startOffset == Exact(end, zone) && startOffset == offset) lastHour = new HourOffset(zone, hour, offset);
        return offset;
    }

    private static TimeSpan Exact(DateTime local, TimeZoneInfo zone) =>
        zone.IsInvalidTime(local) ? zone.BaseUtcOffset : zone.GetUtcOffset(local);

    private sealed record HourOffset(TimeZoneInfo Zone, long HourTicks, TimeSpan Offset);

    [ThreadStatic]
    private static HourOffset? lastHour;
}
