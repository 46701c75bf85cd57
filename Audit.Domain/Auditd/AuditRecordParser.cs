using System.Diagnostics.CodeAnalysis;

namespace Audit.Domain.Auditd;

/// <summary>
/// Parses auditd records: <c>[node=N ]type=T msg=audit(S.mmm:serial): body</c> in RAW and ENRICHED
/// format, the numeric kernel form (<c>type=1400 audit(…): …</c>), <c>type=UNKNOWN[1334]</c> and old
/// spellings. Returns false for anything that is not an audit record; never throws.
/// </summary>
public static class AuditRecordParser
{
    [ThreadStatic]
    private static List<AuditFieldSpan>? t_scratch;

    /// <summary>Parses the first record of <paramref name="line"/>; <paramref name="host"/> applies when there is no <c>node=</c>.</summary>
    public static bool TryParse(ReadOnlySpan<char> line, string host, [NotNullWhen(true)] out AuditRecord? record) =>
        TryParseNext(line, host, out record, out _);

    /// <summary>
    /// Parses every record of a line that holds several joined by spaces (as Wazuh writes a multi-record
    /// event); returns how many were added.
    /// </summary>
    public static int ParseAll(ReadOnlySpan<char> line, string host, ICollection<AuditRecord> into)
    {
        var count = 0;
        while (!line.IsEmpty && TryParseNext(line, host, out var record, out var consumed))
        {
            into.Add(record);
            count++;
            line = line[consumed..];
        }

        return count;
    }

    private static bool TryParseNext(ReadOnlySpan<char> line, string host, [NotNullWhen(true)] out AuditRecord? record, out int consumed)
    {
        record = null;
        consumed = line.Length;
        var lead = line.Length - line.TrimStart().Length;
        var s = line[lead..];
        if (!TryReadHeader(s, out var header)) return false;

        var scratch = t_scratch ??= new List<AuditFieldSpan>(64);
        scratch.Clear();
        var end = AuditBodyTokenizer.Tokenize(s, header.BodyStart, scratch);
        consumed = lead + end;
        // Trailing whitespace is not part of the record, unless a field (an unterminated quote) holds it.
        var covered = header.BodyStart;
        foreach (var f in scratch) covered = Math.Max(covered, Math.Max(f.ValueStart + f.ValueLength, f.NameStart + f.NameLength));
        while (end > covered && char.IsWhiteSpace(s[end - 1])) end--;

        var text = s[..end].ToString();
        var node = header.NodeLength > 0 ? text.Substring(header.NodeStart, header.NodeLength) : null;
        var (type, number) = ResolveType(s.Slice(header.TypeStart, header.TypeLength));
        var spans = scratch.Count == 0 ? [] : scratch.ToArray();
        if (scratch.Capacity > 4096) t_scratch = null; // do not keep a huge line's buffer alive
        record = new AuditRecord(node ?? host, text, node, type, number, header.EpochMilliseconds, header.Serial, spans);
        return true;
    }

    private static bool TryReadHeader(ReadOnlySpan<char> s, out Header header)
    {
        header = default;
        var p = 0;
        if (s.StartsWith("node=", StringComparison.Ordinal))
        {
            var end = s.IndexOf(' ');
            if (end <= 5) return false;
            header.NodeStart = 5;
            header.NodeLength = end - 5;
            p = end;
            while (p < s.Length && s[p] == ' ') p++;
        }

        if (!s[p..].StartsWith("type=", StringComparison.Ordinal)) return false;
        p += 5;
        header.TypeStart = p;
        while (p < s.Length && IsTypeChar(s[p])) p++;
        header.TypeLength = p - header.TypeStart;
        if (header.TypeLength == 0 || p >= s.Length || s[p] != ' ') return false;
        while (p < s.Length && s[p] == ' ') p++;
        if (s[p..].StartsWith("msg=", StringComparison.Ordinal)) p += 4;
        if (!s[p..].StartsWith("audit(", StringComparison.Ordinal)) return false;
        p += 6;

        if (!ReadNumber(s, ref p, 12, out var seconds) || p >= s.Length || s[p] != '.') return false;
        var fracStart = ++p;
        if (!ReadNumber(s, ref p, 9, out var fraction)) return false;
        var digits = p - fracStart;
        var millis = digits switch { 1 => fraction * 100, 2 => fraction * 10, 3 => fraction, _ => fraction / Pow10(digits - 3) };
        if (p >= s.Length || s[p] != ':') return false;
        p++;
        if (!ReadNumber(s, ref p, 19, out var serial) || p >= s.Length || s[p] != ')') return false;
        p++;
        if (p < s.Length && s[p] == ':') p++;
        if (seconds > 253_402_300_799) return false; // DateTimeOffset's range

        header.EpochMilliseconds = (seconds * 1000) + millis;
        header.Serial = serial;
        header.BodyStart = p;
        return true;
    }

    private static (string Type, int? Number) ResolveType(ReadOnlySpan<char> type)
    {
        if (char.IsAsciiDigit(type[0]) && int.TryParse(type, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var numeric))
        {
            return (AuditRecordTypes.Name(numeric) ?? $"UNKNOWN[{numeric}]", numeric);
        }

        if (type.StartsWith("UNKNOWN[", StringComparison.Ordinal) && type[^1] == ']'
            && int.TryParse(type[8..^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var unknown))
        {
            return (AuditRecordTypes.Name(unknown) ?? type.ToString(), unknown);
        }

        return (AuditRecordTypes.Intern(type), AuditRecordTypes.Number(type));
    }

    private static bool ReadNumber(ReadOnlySpan<char> s, ref int p, int maxDigits, out long value)
    {
        value = 0;
        var start = p;
        while (p < s.Length && char.IsAsciiDigit(s[p]) && p - start < maxDigits)
        {
            value = (value * 10) + (s[p] - '0');
            p++;
        }

        return p > start && (p >= s.Length || !char.IsAsciiDigit(s[p]));
    }

    private static long Pow10(int n)
    {
        long v = 1;
        for (var i = 0; i < n; i++) v *= 10;
        return v;
    }

    private static bool IsTypeChar(char c) => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c is '_' or '[' or ']';

    private struct Header
    {
        public int NodeStart;
        public int NodeLength;
        public int TypeStart;
        public int TypeLength;
        public long EpochMilliseconds;
        public long Serial;
        public int BodyStart;
    }
}
