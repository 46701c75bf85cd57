namespace Audit.Domain.Syslog;

/// <summary>Year and zone inference for RFC 3164 timestamps, which carry neither.</summary>
public static class SyslogTime
{
    /// <summary>
    /// How far past the reference a line may be dated: clocks that run ahead, or a host writing in a
    /// zone other than the one configured for it, put lines a few hours into the shipper's future.
    /// </summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromDays(1);

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
        var refLocal = TimeZoneInfo.ConvertTime(ctx.Reference, ctx.Zone);
        var latest = ctx.Reference + FutureTolerance;
        for (var year = refLocal.Year + 1; year >= refLocal.Year - 4 && year >= 1; year--)
        {
            if (day > DateTime.DaysInMonth(year, month)) continue; // Feb 29 only in leap years
            var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(fraction100ns);
            var candidate = FromLocal(local, ctx.Zone);
            if (candidate > latest) continue;
            result = candidate;
            return true;
        }

        return false;
    }

    /// <summary>Local wall time in <paramref name="zone"/> to an instant; in a DST gap the standard offset is used.</summary>
    public static DateTimeOffset FromLocal(DateTime local, TimeZoneInfo zone)
    {
        if (zone == TimeZoneInfo.Utc) return new DateTimeOffset(local, TimeSpan.Zero);
        var offset = zone.IsInvalidTime(local) ? zone.BaseUtcOffset : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }
}
