using System.Collections.Concurrent;
using System.Globalization;

namespace Audit.Infrastructure.Parsing;

/// <summary>
/// Turns a zone as shippers and settings spell it — an IANA name (<c>Europe/Berlin</c>), an offset
/// (<c>+02:00</c>, <c>-0500</c>, Filebeat's <c>event.timezone</c>) or <c>UTC</c>/<c>Z</c> — into a
/// <see cref="TimeZoneInfo"/>. Unknown names resolve to null; results are cached.
/// </summary>
public sealed class ZoneResolver
{
    private readonly ConcurrentDictionary<string, TimeZoneInfo?> _cache = new(StringComparer.Ordinal);

    public TimeZoneInfo? Resolve(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        return _cache.GetOrAdd(name.Trim(), Lookup);
    }

    private static TimeZoneInfo? Lookup(string name)
    {
        if (name is "UTC" or "Z" or "GMT" or "Etc/UTC") return TimeZoneInfo.Utc;
        if (name[0] is '+' or '-' && TryOffset(name.AsSpan(1), out var offset))
        {
            if (name[0] == '-') offset = -offset;
            return offset == TimeSpan.Zero ? TimeZoneInfo.Utc : TimeZoneInfo.CreateCustomTimeZone(name, offset, name, name);
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(name);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }

    private static bool TryOffset(ReadOnlySpan<char> s, out TimeSpan offset)
    {
        offset = default;
        int h, m = 0;
        if (s.Length == 5 && s[2] == ':') { if (!int.TryParse(s[..2], NumberStyles.None, CultureInfo.InvariantCulture, out h) || !int.TryParse(s[3..], NumberStyles.None, CultureInfo.InvariantCulture, out m)) return false; }
        else if (s.Length == 4) { if (!int.TryParse(s[..2], NumberStyles.None, CultureInfo.InvariantCulture, out h) || !int.TryParse(s[2..], NumberStyles.None, CultureInfo.InvariantCulture, out m)) return false; }
        else if (s.Length is 1 or 2) { if (!int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out h)) return false; }
        else return false;
        if (h > 14 || m > 59) return false;
        offset = new TimeSpan(h, m, 0);
        return true;
    }
}
