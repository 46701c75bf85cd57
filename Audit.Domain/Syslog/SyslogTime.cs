namespace Audit.Domain.Syslog;

/// <summary>Year and zone inference for RFC 3164 timestamps, which carry neither.</summary>
public static class SyslogTime
{
    /// <summary>
    /// Picks, of the reference year and its neighbours, the year that puts the local time closest
    /// to the reference instant: a Dec 31 line received on Jan 1 lands in the old year, a Jan 1 line
    /// from a host whose clock runs ahead lands in the new one.
    /// </summary>
    public static bool TryResolve(int month, int day, int hour, int minute, int second, int fraction100ns, in TimeContext ctx, out DateTimeOffset result)
    {
        result = default;
        var refLocal = TimeZoneInfo.ConvertTime(ctx.Reference, ctx.Zone);
        var best = default(DateTimeOffset);
        var bestDistance = TimeSpan.MaxValue;
        for (var year = refLocal.Year - 1; year <= refLocal.Year + 1; year++)
        {
            if (day > DateTime.DaysInMonth(year, month)) continue; // Feb 29 only in leap years
            var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(fraction100ns);
            var candidate = FromLocal(local, ctx.Zone);
            var distance = (candidate - ctx.Reference).Duration();
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }

        if (bestDistance == TimeSpan.MaxValue) return false;
        result = best;
        return true;
    }

    /// <summary>Local wall time in <paramref name="zone"/> to an instant; in a DST gap the standard offset is used.</summary>
    public static DateTimeOffset FromLocal(DateTime local, TimeZoneInfo zone)
    {
        if (zone == TimeZoneInfo.Utc) return new DateTimeOffset(local, TimeSpan.Zero);
        var offset = zone.IsInvalidTime(local) ? zone.BaseUtcOffset : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }
}
