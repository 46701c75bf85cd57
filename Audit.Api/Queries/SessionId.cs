using System.Globalization;

namespace Audit.Api.Queries;

/// <summary>
/// A session's id: when its login happened and which line said so (<c>ticks-rawId</c>). Carrying the
/// time lets the lookup go to the login's day partition instead of probing every partition.
/// </summary>
public static class SessionId
{
    public static string Format(DateTimeOffset start, long rawId) => string.Create(CultureInfo.InvariantCulture, $"{start.UtcTicks}-{rawId}");

    public static bool TryParse(string? text, out DateTimeOffset start, out long rawId)
    {
        start = default;
        rawId = 0;
        var dash = text?.IndexOf('-', StringComparison.Ordinal) ?? -1;
        if (dash <= 0 || text!.Length > 40) return false;
        if (!long.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || !long.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out rawId)
            || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        start = new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;
    }
}
