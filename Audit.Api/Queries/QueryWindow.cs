using System.Globalization;

namespace Audit.Api.Queries;

/// <summary>Common query parameter handling: ISO 8601 times, the default last-24-hours window, limits.</summary>
public static class QueryWindow
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
    public static readonly TimeSpan DefaultSpan = TimeSpan.FromHours(24);

    /// <summary>Longest window one query may ask for: a window reaches every partition inside it.</summary>
    public static readonly TimeSpan MaxSpan = TimeSpan.FromDays(3 * 366);

    /// <summary>Earliest and latest bound accepted; outside them a window is impossible (or cannot be shifted back 24 h).</summary>
    public static readonly DateTimeOffset Earliest = new(1970, 1, 2, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Latest = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>True when the value parses and lies between <see cref="Earliest"/> and <see cref="Latest"/>.</summary>
    public static bool IsPossible(string? value) => TryParseTime(value, out var t) && t >= Earliest && t <= Latest;

    public static bool TryParseTime(string? value, out DateTimeOffset time)
    {
        time = default;
        if (string.IsNullOrWhiteSpace(value)) return false;
        if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out time)) return false;
        time = time.ToUniversalTime();
        return true;
    }

    /// <summary>A 400 when a resolved window (a default <c>to</c> of now included) is longer than <see cref="MaxSpan"/>.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? TooLong(DateTimeOffset from, DateTimeOffset to) =>
        to - from <= MaxSpan ? null
            : TypedResults.Problem(detail: $"The window from 'from' to 'to' must not be longer than {MaxSpan.TotalDays:0} days.", statusCode: StatusCodes.Status400BadRequest);

    /// <summary>The window a first page uses: given bounds, else the 24 hours before <c>to</c> (default now).</summary>
    public static (DateTimeOffset From, DateTimeOffset To) Resolve(string? from, string? to, DateTimeOffset now)
    {
        var end = TryParseTime(to, out var t) ? t : now;
        var start = TryParseTime(from, out var f) ? f : end - DefaultSpan;
        return (start, end);
    }
}
