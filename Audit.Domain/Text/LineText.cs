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

    private static bool HasLoneSurrogate(ReadOnlySpan<char> span)
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

    private static string DecodeWithEscapes(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length + 16);
        Span<char> chars = stackalloc char[2];
        while (!bytes.IsEmpty)
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

        return sb.ToString();
    }
}
