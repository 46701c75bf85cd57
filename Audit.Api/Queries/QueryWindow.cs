using System.Globalization;

namespace Audit.Api.Queries;

/// <summary>Common query parameter handling: ISO 8601 times, the default last-24-hours window, limits.</summary>
public static class QueryWindow
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
    public static readonly TimeSpan DefaultSpan = TimeSpan.FromHours(24);

    public static bool TryParseTime(string? value, out DateTimeOffset time)
    {
        time = default;
        if (string.IsNullOrWhiteSpace(value)) return false;
        if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out time)) return false;
        time = time.ToUniversalTime();
        return true;
    }

    /// <summary>The window a first page uses: given bounds, else the 24 hours before <c>to</c> (default now).</summary>
    public static (DateTimeOffset From, DateTimeOffset To) Resolve(string? from, string? to, DateTimeOffset now)
    {
        var end = TryParseTime(to, out var t) ? t : now;
        var start = TryParseTime(from, out var f) ? f : end - DefaultSpan;
        return (start, end);
    }
}
