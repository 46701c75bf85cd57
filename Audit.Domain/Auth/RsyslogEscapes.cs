using System.Text;

namespace Audit.Domain.Auth;

/// <summary>
/// rsyslog writes control characters inside a message as <c>#</c> and three octal digits
/// (<c>#012</c> newline, <c>#011</c> tab). Decodes exactly those: a <c>#</c> followed by three octal digits
/// whose value is a control character (0–31, 127); anything else, <c>#1</c> or <c>#999</c>, stays as written.
/// </summary>
public static class RsyslogEscapes
{
    public static string Decode(ReadOnlySpan<char> s)
    {
        var first = FindEscape(s, 0);
        if (first < 0) return s.ToString();
        var sb = new StringBuilder(s.Length);
        var pos = 0;
        for (var at = first; at >= 0; at = FindEscape(s, pos))
        {
            sb.Append(s[pos..at]);
            sb.Append((char)Value(s.Slice(at + 1, 3)));
            pos = at + 4;
        }

        sb.Append(s[pos..]);
        return sb.ToString();
    }

    private static int FindEscape(ReadOnlySpan<char> s, int from)
    {
        while (from < s.Length)
        {
            var hash = s[from..].IndexOf('#');
            if (hash < 0) return -1;
            var at = from + hash;
            if (at + 3 < s.Length && IsOctal(s[at + 1]) && IsOctal(s[at + 2]) && IsOctal(s[at + 3]))
            {
                var value = Value(s.Slice(at + 1, 3));
                if (value < 32 || value == 127) return at;
            }

            from = at + 1;
        }

        return -1;
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';

    private static int Value(ReadOnlySpan<char> digits) => ((digits[0] - '0') * 64) + ((digits[1] - '0') * 8) + (digits[2] - '0');
}
