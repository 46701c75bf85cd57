namespace Audit.Domain.Syslog;

/// <summary>
/// Reads the syslog header of a line: RFC 3164 (<c>Nov  6 09:01:02 host tag[pid]:</c>, padded,
/// unpadded or zero-padded day), RFC 3339 (<c>2026-11-26T13:08:06.810097+00:00 host tag[pid]:</c>)
/// and RFC 5424 (<c>&lt;13&gt;1 2026-… host app procid msgid [sd] msg</c>), each with an optional
/// <c>&lt;PRI&gt;</c>. Never throws; returns false when the line has no header it knows.
/// </summary>
public static class SyslogHeaderParser
{
    public static bool TryParse(ReadOnlySpan<char> line, in TimeContext ctx, out SyslogHeader header)
    {
        header = default;
        var pos = SkipPriority(line);
        var rest = line[pos..];

        if (rest.Length > 2 && rest[0] == '1' && rest[1] == ' ' && IsDigit(rest, 2))
        {
            return TryParseRfc5424(line, pos + 2, ctx, out header);
        }

        DateTimeOffset timestamp;
        SyslogFormat format;
        int consumed;
        if (rest.Length >= 19 && IsDigit(rest, 0) && rest[4] == '-')
        {
            if (!TryParseRfc3339(rest, ctx, out timestamp, out consumed)) return false;
            format = SyslogFormat.Rfc3339;
        }
        else
        {
            if (!TryParseRfc3164Stamp(rest, ctx, out timestamp, out consumed)) return false;
            format = SyslogFormat.Rfc3164;
        }

        pos += consumed;
        if (pos >= line.Length || line[pos] != ' ') return false;
        pos++;
        return TryParseHostAndTag(line, pos, format, timestamp, out header);
    }

    private static int SkipPriority(ReadOnlySpan<char> line)
    {
        if (line.Length < 3 || line[0] != '<') return 0;
        var close = line[..Math.Min(line.Length, 5)].IndexOf('>');
        if (close < 2) return 0;
        for (var i = 1; i < close; i++) if (!IsDigit(line, i)) return 0;
        return close + 1;
    }

    private static bool TryParseHostAndTag(ReadOnlySpan<char> line, int pos, SyslogFormat format, DateTimeOffset timestamp, out SyslogHeader header)
    {
        header = default;
        // Some writers pad with a second space or leave the host out entirely.
        var hostEnd = line[pos..].IndexOf(' ');
        var host = string.Empty;
        if (hostEnd > 0)
        {
            var token = line.Slice(pos, hostEnd);
            // "sshd[1]:" or "sudo:" where the host should be: the writer left the host out.
            if (!LooksLikeTag(token))
            {
                host = token.ToString();
                pos += hostEnd + 1;
            }
        }
        else if (hostEnd == 0)
        {
            pos++; // empty host field ("Nov  6 09:01:02  sshd[1]: …")
        }
        else
        {
            return false;
        }

        ParseTag(line, pos, out var program, out var pid, out var messageStart);
        header = new SyslogHeader(format, timestamp, host, program, pid, messageStart);
        return true;
    }

    private static bool LooksLikeTag(ReadOnlySpan<char> token) =>
        token[^1] == ':' || (token.IndexOf('[') > 0 && token[^1] is ']' or ':');

    /// <summary>Splits <c>tag[pid]: message</c>; a token without a colon is no tag (e.g. "last message repeated").</summary>
    internal static void ParseTag(ReadOnlySpan<char> line, int pos, out string program, out int? pid, out int messageStart)
    {
        program = string.Empty;
        pid = null;
        messageStart = pos;
        var rest = line[pos..];
        var space = rest.IndexOf(' ');
        var token = space < 0 ? rest : rest[..space];
        if (token.Length == 0 || token[^1] != ':')
        {
            return;
        }

        token = token[..^1];
        var bracket = token.IndexOf('[');
        if (bracket > 0 && token[^1] == ']')
        {
            if (int.TryParse(token[(bracket + 1)..^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p)) pid = p;
            token = token[..bracket];
        }

        program = token.ToString();
        messageStart = space < 0 ? line.Length : pos + space + 1;
    }

    private static bool TryParseRfc5424(ReadOnlySpan<char> line, int pos, in TimeContext ctx, out SyslogHeader header)
    {
        header = default;
        var rest = line[pos..];
        if (!TryParseRfc3339(rest, ctx, out var ts, out var consumed)) return false;
        pos += consumed;
        if (!NextField(line, ref pos, out var host)) return false;
        if (!NextField(line, ref pos, out var app)) return false;
        if (!NextField(line, ref pos, out var procId)) return false;
        if (!NextField(line, ref pos, out _)) return false; // MSGID
        pos = SkipStructuredData(line, pos);
        if (pos < 0) return false;
        if (pos < line.Length && line[pos] == ' ') pos++;
        if (pos < line.Length && line[pos] == '\uFEFF') pos++;
        int? pid = int.TryParse(procId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) ? p : null;
        header = new SyslogHeader(SyslogFormat.Rfc5424, ts, host is "-" ? string.Empty : host.ToString(), app is "-" ? string.Empty : app.ToString(), pid, pos);
        return true;
    }

    private static bool NextField(ReadOnlySpan<char> line, ref int pos, out ReadOnlySpan<char> field)
    {
        field = default;
        if (pos >= line.Length || line[pos] != ' ') return false;
        pos++;
        var end = line[pos..].IndexOf(' ');
        if (end <= 0) return false;
        field = line.Slice(pos, end);
        pos += end;
        return true;
    }

    /// <summary>Skips <c>-</c> or one or more <c>[id k="v"]</c> elements (with <c>\]</c> escapes); -1 when malformed.</summary>
    private static int SkipStructuredData(ReadOnlySpan<char> line, int pos)
    {
        if (pos >= line.Length || line[pos] != ' ') return -1;
        pos++;
        if (pos < line.Length && line[pos] == '-') return pos + 1;
        var inQuotes = false;
        while (pos < line.Length && line[pos] == '[')
        {
            pos++;
            while (pos < line.Length)
            {
                var c = line[pos];
                if (c == '\\' && inQuotes) { pos += 2; continue; }
                if (c == '"') inQuotes = !inQuotes;
                else if (c == ']' && !inQuotes) break;
                pos++;
            }

            if (pos >= line.Length) return -1;
            pos++;
        }

        return pos;
    }

    private static bool TryParseRfc3164Stamp(ReadOnlySpan<char> s, in TimeContext ctx, out DateTimeOffset ts, out int consumed)
    {
        ts = default;
        consumed = 0;
        if (s.Length < 14) return false;
        var month = MonthOf(s[..3]);
        if (month == 0 || s[3] != ' ') return false;
        var pos = 4;
        if (s[pos] == ' ') pos++; // space-padded day
        var day = 0;
        var digits = 0;
        while (pos < s.Length && IsDigit(s, pos) && digits < 2) { day = day * 10 + (s[pos] - '0'); pos++; digits++; }
        if (digits == 0 || day is < 1 or > 31 || pos >= s.Length || s[pos] != ' ') return false;
        pos++;
        if (pos + 8 > s.Length || !TryTime(s.Slice(pos, 8), out var h, out var m, out var sec)) return false;
        pos += 8;
        var fraction = ParseFraction(s, ref pos);
        if (!SyslogTime.TryResolve(month, day, h, m, sec, fraction, ctx, out ts)) return false;
        consumed = pos;
        return true;
    }

    /// <summary><c>yyyy-MM-ddTHH:mm:ss[.f…][Z|±HH:MM]</c>; without an offset the context's zone applies.</summary>
    internal static bool TryParseRfc3339(ReadOnlySpan<char> s, in TimeContext ctx, out DateTimeOffset ts, out int consumed)
    {
        ts = default;
        consumed = 0;
        if (s.Length < 19) return false;
        if (!TryNumber(s[..4], out var year) || s[4] != '-' || !TryNumber(s.Slice(5, 2), out var month) || s[7] != '-'
            || !TryNumber(s.Slice(8, 2), out var day) || s[10] is not ('T' or ' ') || !TryTime(s.Slice(11, 8), out var h, out var m, out var sec))
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

        if (pos + 6 <= s.Length && s[pos] is '+' or '-' && s[pos + 3] == ':'
            && TryNumber(s.Slice(pos + 1, 2), out var oh) && TryNumber(s.Slice(pos + 4, 2), out var om) && oh <= 14 && om < 60)
        {
            var offset = new TimeSpan(oh, om, 0);
            ts = new DateTimeOffset(local, s[pos] == '-' ? -offset : offset);
            consumed = pos + 6;
            return true;
        }

        ts = SyslogTime.FromLocal(local, ctx.Zone);
        consumed = pos;
        return true;
    }

    private static int ParseFraction(ReadOnlySpan<char> s, ref int pos)
    {
        if (pos >= s.Length || s[pos] is not ('.' or ',')) return 0;
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
        return s[2] == ':' && s[5] == ':' && TryNumber(s[..2], out h) && TryNumber(s.Slice(3, 2), out m) && TryNumber(s.Slice(6, 2), out sec)
            && h < 24 && m < 60 && sec < 61 && (sec < 60 || (sec = 59) == 59);
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
