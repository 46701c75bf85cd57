using System.Text;

namespace Audit.Domain.Text;

/// <summary>
/// Turns the bytes of one shipped line into text PostgreSQL can store. Valid UTF-8 without NUL comes
/// back unchanged; NUL and every byte that is not part of valid UTF-8 become <c>\xNN</c>, and the
/// caller keeps the exact bytes beside the text, so nothing is lost or silently altered.
/// </summary>
public static class LineText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes <paramref name="bytes"/>; <paramref name="exact"/> is false when escapes were needed.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, out bool exact)
    {
        if (bytes.IndexOf((byte)0) < 0 && System.Text.Unicode.Utf8.IsValid(bytes))
        {
            exact = true;
            return StrictUtf8.GetString(bytes);
        }

        exact = false;
        return DecodeWithEscapes(bytes);
    }

    /// <summary>
    /// Like <see cref="Decode(ReadOnlySpan{byte}, out bool)"/> for at most <paramref name="maxBytes"/> bytes (cut at a
    /// character boundary), and the text never grows past <paramref name="maxBytes"/> characters: a line of NULs would
    /// otherwise become four times its size as <c>\x00</c> text. <paramref name="kept"/> is how many bytes the caller
    /// should keep exactly; <paramref name="cut"/> says the text or the bytes are shorter than the line.
    /// </summary>
    public static string DecodeBounded(ReadOnlySpan<byte> bytes, int maxBytes, out bool exact, out int kept, out bool cut)
    {
        kept = bytes.Length;
        if (kept > maxBytes)
        {
            // Back off to the start of a character, so a valid line cut short stays valid text.
            var k = maxBytes;
            for (var i = 0; i < 3 && k > 0 && (bytes[k] & 0xC0) == 0x80; i++) k--;
            kept = (bytes[k] & 0xC0) == 0x80 ? maxBytes : k;
        }

        var part = bytes[..kept];
        cut = kept < bytes.Length;
        if (part.IndexOf((byte)0) < 0 && System.Text.Unicode.Utf8.IsValid(part))
        {
            exact = true;
            return StrictUtf8.GetString(part);
        }

        exact = false;
        var text = DecodeWithEscapes(part, maxBytes);
        if (text.Length >= maxBytes) cut = true;
        return text;
    }

    /// <summary><see cref="Sanitize(string, out bool)"/> of at most <paramref name="maxChars"/> characters of <paramref name="value"/>, the result no longer than that either.</summary>
    public static string SanitizeBounded(string value, int maxChars, out bool exact, out bool cut)
    {
        cut = value.Length > maxChars;
        var text = Sanitize(Prefix(value, maxChars), out exact);
        if (text.Length > maxChars)
        {
            text = Prefix(text, maxChars);
            cut = true;
        }

        return text;
    }

    /// <summary>At most <paramref name="maxChars"/> characters of <paramref name="value"/>, never ending in half a surrogate pair.</summary>
    private static string Prefix(string value, int maxChars)
    {
        if (value.Length <= maxChars) return value;
        var n = maxChars;
        if (n > 0 && char.IsHighSurrogate(value[n - 1])) n--;
        return value[..n];
    }

    /// <summary>Renders a string that may hold NUL or lone surrogates (both possible in JSON input) as storable text.</summary>
    public static string Sanitize(string value, out bool exact)
    {
        var span = value.AsSpan();
        if (span.IndexOf('\0') < 0 && !HasLoneSurrogate(span))
        {
            exact = true;
            return value;
        }

        exact = false;
        var sb = new StringBuilder(value.Length + 8);
        for (var i = 0; i < span.Length; i++)
        {
            var c = span[i];
            if (c == '\0')
            {
                sb.Append("\\x00");
            }
            else if (char.IsHighSurrogate(c) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
            {
                sb.Append(c).Append(span[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>True when a UTF-16 surrogate stands without its partner (text UTF-8 and PostgreSQL cannot hold).</summary>
    public static bool HasLoneSurrogate(ReadOnlySpan<char> span)
    {
        for (var i = 0; i < span.Length; i++)
        {
            var c = span[i];
            if (!char.IsSurrogate(c)) continue;
            if (char.IsHighSurrogate(c) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1])) { i++; continue; }
            return true;
        }

        return false;
    }

    private static string DecodeWithEscapes(ReadOnlySpan<byte> bytes, int maxChars = int.MaxValue)
    {
        var sb = new StringBuilder((int)Math.Min(bytes.Length + 16L, maxChars));
        Span<char> chars = stackalloc char[2];
        while (!bytes.IsEmpty && sb.Length < maxChars)
        {
            var status = Rune.DecodeFromUtf8(bytes, out var rune, out var consumed);
            if (status == System.Buffers.OperationStatus.Done && rune.Value != 0)
            {
                var n = rune.EncodeToUtf16(chars);
                sb.Append(chars[..n]);
            }
            else
            {
                // One invalid byte at a time, so a valid sequence right after it survives.
                consumed = status == System.Buffers.OperationStatus.Done ? consumed : 1;
                for (var i = 0; i < consumed; i++)
                {
                    sb.Append("\\x").Append(bytes[i].ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            bytes = bytes[consumed..];
        }

        if (sb.Length > maxChars) sb.Length = maxChars;
        if (sb.Length > 0 && char.IsHighSurrogate(sb[^1])) sb.Length--; // never leave half a pair behind
        return sb.ToString();
    }
}
