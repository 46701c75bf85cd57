namespace Audit.Domain.Syslog;

/// <summary>
/// Reads the syslog header of a line: RFC 3164 (<c>Nov  6 09:01:02 host tag[pid]:</c>, padded,
/// unpadded or zero-padded day), RFC 3339 / ISO 8601 (<c>2026-11-26T13:08:06.810097+00:00 host tag[pid]:</c>,
/// also with a space instead of <c>T</c> and <c>±HHMM</c>), syslog-ng's <c>2026 Nov 26 13:08:06</c> and
/// RFC 5424 (<c>&lt;13&gt;1 2026-… host app procid msgid [sd] msg</c>), each with an optional
/// <c>&lt;PRI&gt;</c>. The host may be missing (<c>Nov  6 09:01:02 sshd[1]: …</c>, or two spaces), the tag
/// may be bare (<c>sudo:</c>) or absent (<c>last message repeated 3 times</c>). Never throws; returns
/// false when the line has no header it knows.
/// </summary>
public static class SyslogHeaderParser
{
    public static bool TryParse(ReadOnlySpan<char> line, in TimeContext ctx, out SyslogHeader header)
    {
        header = default;
        var pos = SkipPriority(line);
        var rest = line[pos..];

        if (rest.Length > 2 && rest[0] == '1' && rest[1] == ' ' && rest[2] is >= '0' and <= '9')
        {
            return TryParseRfc5424(line, pos + 2, ctx, out header);
        }

        DateTimeOffset timestamp;
        SyslogFormat format;
        int consumed;
        if (SyslogTimestampParser.LooksLikeRfc3339(rest))
        {
            if (!SyslogTimestampParser.TryParseRfc3339(rest, ctx, out timestamp, out consumed)) return false;
            format = SyslogFormat.Rfc3339;
        }
        else if (SyslogTimestampParser.LooksLikeYearFirst(rest))
        {
            if (!SyslogTimestampParser.TryParseYearFirst(rest, ctx, out timestamp, out consumed)) return false;
            format = SyslogFormat.Rfc3164;
        }
        else
        {
            if (!SyslogTimestampParser.TryParseRfc3164(rest, ctx, out timestamp, out consumed)) return false;
            format = SyslogFormat.Rfc3164;
        }

        pos += consumed;
        // "Mar 11 09:39:39: --- last message repeated 5 times ---": no host, no tag.
        if (pos + 1 < line.Length && line[pos] == ':' && line[pos + 1] == ' ')
        {
            header = new SyslogHeader(format, timestamp, string.Empty, string.Empty, null, pos + 2);
            return true;
        }

        if (pos >= line.Length || line[pos] != ' ') return false;
        return TryParseHostAndTag(line, pos, format, timestamp, out header);
    }

    private static int SkipPriority(ReadOnlySpan<char> line)
    {
        if (line.Length < 3 || line[0] != '<') return 0;
        var close = line[..Math.Min(line.Length, 5)].IndexOf('>');
        if (close < 2) return 0;
        for (var i = 1; i < close; i++)
        {
            if (line[i] is < '0' or > '9') return 0;
        }

        return close + 1;
    }

    private static bool TryParseHostAndTag(ReadOnlySpan<char> line, int pos, SyslogFormat format, DateTimeOffset timestamp, out SyslogHeader header)
    {
        header = default;
        // Writers pad with extra spaces, or leave the host out ("Nov  6 09:01:02  sshd[1]: …").
        pos = SkipSpaces(line, pos);
        var hostEnd = line[pos..].IndexOf(' ');
        if (hostEnd <= 0) return false;
        var token = line.Slice(pos, hostEnd);
        var host = string.Empty;
        if (!LooksLikeTag(token))
        {
            host = HostNames.Get(token);
            pos = SkipSpaces(line, pos + hostEnd);
        }

        ParseTag(line, pos, out var program, out var pid, out var messageStart);
        header = new SyslogHeader(format, timestamp, host, program, pid, messageStart);
        return true;
    }

    private static int SkipSpaces(ReadOnlySpan<char> line, int pos)
    {
        while (pos < line.Length && line[pos] == ' ') pos++;
        return pos;
    }

    /// <summary>"sshd[1]:", "sudo:", "[sshd]:" or "[sshd]" where the host should be: the writer left the host out.</summary>
    private static bool LooksLikeTag(ReadOnlySpan<char> token) =>
        token[^1] == ':' || (token[^1] == ']' && token.IndexOf('[') >= 0);

    /// <summary>Splits <c>tag[pid]: message</c>; a token without a colon is no tag (e.g. "last message repeated").</summary>
    internal static void ParseTag(ReadOnlySpan<char> line, int pos, out string program, out int? pid, out int messageStart)
    {
        program = string.Empty;
        pid = null;
        messageStart = pos;
        var rest = line[pos..];
        var space = rest.IndexOf(' ');
        var token = space < 0 ? rest : rest[..space];
        if (token.Length < 2 || token[^1] != ':')
        {
            if (token.Length > 2 && token[0] == '[' && token[^1] == ']')
            {
                // "[sshd] User root from …" (an old syslogd: bracketed tag, no colon)
                program = ProgramNames.Get(token[1..^1]);
                messageStart = space < 0 ? line.Length : pos + space + 1;
            }

            return;
        }

        token = token[..^1];
        if (token.Length > 2 && token[0] == '[' && token[^1] == ']')
        {
            token = token[1..^1]; // "[sshd]:" (seen from old syslogds)
        }

        var bracket = token.IndexOf('[');
        if (bracket > 0 && token[^1] == ']')
        {
            pid = Pid(token[(bracket + 1)..^1]);
            token = token[..bracket];
        }

        program = ProgramNames.Get(token);
        messageStart = space < 0 ? line.Length : pos + space + 1;
    }

    private static bool TryParseRfc5424(ReadOnlySpan<char> line, int pos, in TimeContext ctx, out SyslogHeader header)
    {
        header = default;
        if (!SyslogTimestampParser.TryParseRfc3339(line[pos..], ctx, out var ts, out var consumed)) return false;
        pos += consumed;
        if (!NextField(line, ref pos, out var host)) return false;
        if (!NextField(line, ref pos, out var app)) return false;
        if (!NextField(line, ref pos, out var procId)) return false;
        if (!NextField(line, ref pos, out _)) return false; // MSGID
        pos = SkipStructuredData(line, pos);
        if (pos < 0) return false;
        // rsyslog's protocol-23 template writes "- -  msg": the message keeps the traditional leading space.
        pos = SkipSpaces(line, pos);
        if (pos < line.Length && line[pos] == '\uFEFF') pos++;
        header = new SyslogHeader(SyslogFormat.Rfc5424, ts, host is "-" ? string.Empty : HostNames.Get(host), app is "-" ? string.Empty : ProgramNames.Get(app), Pid(procId), pos);
        return true;
    }

    /// <summary>A process id: 1 to 9 digits, nothing else.</summary>
    private static int? Pid(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty || s.Length > 9) return null;
        var value = 0;
        foreach (var c in s)
        {
            if (c is < '0' or > '9') return null;
            value = (value * 10) + (c - '0');
        }

        return value;
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
}
