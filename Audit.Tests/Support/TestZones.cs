namespace Audit.Tests.Support;

/// <summary>
/// The zones tests use, built from their rules instead of looked up in the machine's tzdata, so a
/// machine without (or with a different) tzdata runs the same tests with the same results.
/// </summary>
public static class TestZones
{
    /// <summary>
    /// Europe/Berlin since 1996 (EU rules): CET, summer time CEST from the last Sunday of March 02:00
    /// to the last Sunday of October 03:00 local time.
    /// </summary>
    public static TimeZoneInfo Berlin { get; } = TimeZoneInfo.CreateCustomTimeZone(
        "Europe/Berlin", TimeSpan.FromHours(1), "Europe/Berlin", "CET", "CEST",
        [
            TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(
                new DateTime(1996, 1, 1), DateTime.MaxValue.Date, TimeSpan.FromHours(1),
                TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 2, 0, 0), 3, 5, DayOfWeek.Sunday),
                TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 3, 0, 0), 10, 5, DayOfWeek.Sunday)),
        ]);

    /// <summary>Asia/Tokyo: JST, +09:00 without summer time.</summary>
    public static TimeZoneInfo Tokyo { get; } = TimeZoneInfo.CreateCustomTimeZone("Asia/Tokyo", TimeSpan.FromHours(9), "Asia/Tokyo", "JST");
}
