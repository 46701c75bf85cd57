namespace Audit.Domain.Syslog;

/// <summary>
/// The timestamp shapes syslog writers put at the start of a line: RFC 3164 (<c>Nov  6 09:01:02</c>,
/// padded, unpadded or zero-padded day, optional fraction), RFC 3339 / ISO 8601
/// (<c>2026-11-26T13:08:06.810097+00:00</c>, <c>T</c> or space, <c>Z</c>, <c>±HH:MM</c>, <c>±HHMM</c> or no
/// offset) and syslog-ng's year-first <c>2026 Nov 26 13:08:06</c>. Digits are parsed by hand: no
/// culture, no allocation.
/// </summary>
internal static class SyslogTimestampParser
{
    /// <summary><c>Mmm [ ]d hh:mm:ss[.f…]</c>; the year comes from the context.</summary>
    public static bool TryParseRfc3164(ReadOnlySpan<char> s, in TimeContext ctx, out DateTimeOffset ts, out int consumed)
    {
        ts = default;
        consumed = 0;
        if (!TryMonthDayTime(s, out var month, out var day, out var h, out var m, out var sec, out var fraction, out var pos)) return false;
        if (!SyslogTime.TryResolve(month, day, h, m, sec, fraction, ctx, out ts)) return false;
        consumed = pos;
        return true;
    }

    /// <summary><c>yyyy Mmm [ ]d hh:mm:ss</c> (syslog-ng with <c>$YEAR</c>); the zone comes from the context.</summary>
    public static bool TryParseYearFirst(ReadOnlySpan<char> s, in TimeContext ctx, out DateTimeOffset ts, out int consumed)
    {
        ts = default;
        consumed = 0;
        if (s.Length < 20 || s[4] != ' ' || !TryNumber(s[..4], out var year) || year < 1) return false;
        if (!TryMonthDayTime(s[5..], out var month, out var day, out var h, out var m, out var sec, out var fraction, out var pos)) return false;
        if (day > DateTime.DaysInMonth(year, month)) return false;
        var local = new DateTime(year, month, day, h, m, sec, DateTimeKind.Unspecified).AddTicks(fraction);
        ts = SyslogTime.FromLocal(local, ctx.Zone);
        consumed = 5 + pos;
        return true;
    }

    /// <summary><c>yyyy-MM-dd(T| )HH:mm:ss[.f…][Z|±HH:MM|±HHMM]</c>; without an offset the context's zone applies.</summary>
    public static bool TryParseRfc3339(ReadOnlySpan<char> s, in TimeContext ctx, out DateTimeOffset ts, out int consumed)
    {
        ts = default;
        consumed = 0;
        if (s.Length < 19) return false;
        if (!TryNumber(s[..4], out var year) || s[4] != '-' || !TryNumber(s.Slice(5, 2), out var month) || s[7] != '-'
            || !TryNumber(s.Slice(8, 2), out var day) || s[10] is not ('T' or 't' or ' ') || !TryTime(s.Slice(11, 8), out var h, out var m, out var sec))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        var pos = 19;
        var fraction = ParseFraction(s, ref pos);
        var local = new DateTime(year, month, day, h, m, sec, DateTimeKind.Unspecified).AddTicks(fraction);
        if (pos < s.Length && s[pos] is 'Z' or 'z')
        {
            ts = new DateTimeOffset(local, TimeSpan.Zero);
            consumed = pos + 1;
            return true;
        }

        if (TryOffset(s, pos, out var offset, out var offsetLength))
        {
            ts = new DateTimeOffset(local, offset);
            consumed = pos + offsetLength;
            return true;
        }

        ts = SyslogTime.FromLocal(local, ctx.Zone);
        consumed = pos;
        return true;
    }

    public static bool LooksLikeRfc3339(ReadOnlySpan<char> s) =>
        s.Length >= 19 && IsDigit(s, 0) && IsDigit(s, 3) && s[4] == '-' && s[7] == '-';

    public static bool LooksLikeYearFirst(ReadOnlySpan<char> s) =>
        s.Length >= 20 && IsDigit(s, 0) && IsDigit(s, 3) && s[4] == ' ' && MonthOf(s.Slice(5, 3)) != 0;

    private static bool TryMonthDayTime(ReadOnlySpan<char> s, out int month, out int day, out int h, out int m, out int sec, out int fraction, out int pos)
    {
        month = day = h = m = sec = fraction = pos = 0;
        if (s.Length < 14) return false;
        month = MonthOf(s[..3]);
        if (month == 0 || s[3] != ' ') return false;
        pos = 4;
        if (s[pos] == ' ') pos++; // space-padded day
        var digits = 0;
        while (pos < s.Length && IsDigit(s, pos) && digits < 2) { day = day * 10 + (s[pos] - '0'); pos++; digits++; }
        if (digits == 0 || day is < 1 or > 31 || pos >= s.Length || s[pos] != ' ') return false;
        pos++;
        if (pos + 8 > s.Length || !TryTime(s.Slice(pos, 8), out h, out m, out sec)) return false;
        pos += 8;
        fraction = ParseFraction(s, ref pos);
        return true;
    }

    /// <summary><c>±HH:MM</c> or <c>±HHMM</c> (ISO 8601 basic form, as some rsyslog templates write it).</summary>
    private static bool TryOffset(ReadOnlySpan<char> s, int pos, out TimeSpan offset, out int length)
    {
        offset = default;
        length = 0;
        if (pos + 5 > s.Length || s[pos] is not ('+' or '-') || !TryNumber(s.Slice(pos + 1, 2), out var oh)) return false;
        int om;
        if (pos + 6 <= s.Length && s[pos + 3] == ':' && TryNumber(s.Slice(pos + 4, 2), out om)) length = 6;
        else if (TryNumber(s.Slice(pos + 3, 2), out om)) length = 5;
        else return false;
        if (oh > 14 || om >= 60) return false;
        offset = new TimeSpan(oh, om, 0);
        if (s[pos] == '-') offset = -offset;
        return true;
    }

    private static int ParseFraction(ReadOnlySpan<char> s, ref int pos)
    {
        if (pos >= s.Length || s[pos] is not ('.' or ',') || !IsDigit(s, pos + 1)) return 0;
        var start = ++pos;
        var value = 0;
        while (pos < s.Length && IsDigit(s, pos))
        {
            if (pos - start < 7) value = value * 10 + (s[pos] - '0');
            pos++;
        }

        for (var n = Math.Min(pos - start, 7); n < 7; n++) value *= 10;
        return value;
    }

    private static bool TryTime(ReadOnlySpan<char> s, out int h, out int m, out int sec)
    {
        h = m = sec = 0;
        if (s[2] != ':' || s[5] != ':' || !TryNumber(s[..2], out h) || !TryNumber(s.Slice(3, 2), out m) || !TryNumber(s.Slice(6, 2), out sec)) return false;
        if (h > 23 || m > 59 || sec > 60) return false;
        if (sec == 60) sec = 59; // a leap second is kept in its minute
        return true;
    }

    private static bool TryNumber(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (var c in s)
        {
            if (c is < '0' or > '9') return false;
            value = value * 10 + (c - '0');
        }

        return true;
    }

    private static int MonthOf(ReadOnlySpan<char> m) => m switch
    {
        "Jan" => 1, "Feb" => 2, "Mar" => 3, "Apr" => 4, "May" => 5, "Jun" => 6,
        "Jul" => 7, "Aug" => 8, "Sep" => 9, "Oct" => 10, "Nov" => 11, "Dec" => 12,
        _ => 0,
    };

    private static bool IsDigit(ReadOnlySpan<char> s, int i) => (uint)i < (uint)s.Length && s[i] is >= '0' and <= '9';
}
