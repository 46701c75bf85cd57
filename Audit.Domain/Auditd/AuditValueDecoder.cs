using System.Buffers;
using Audit.Domain.Text;

namespace Audit.Domain.Auditd;

/// <summary>
/// The kernel's value encodings: hex text to bytes to text, NUL-separated argument lists
/// (PROCTITLE) and 0x01-separated rule keys. Invalid UTF-8 and NUL become <c>\xNN</c> escapes
/// (<see cref="LineText"/>), so decoded text is always storable.
/// </summary>
public static class AuditValueDecoder
{
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>True for a non-empty, even-length run of hex digits.</summary>
    public static bool IsHex(ReadOnlySpan<char> text) =>
        text.Length >= 2 && (text.Length & 1) == 0 && !text.ContainsAnyExcept(HexDigits);

    /// <summary>Hex to text (UTF-8, escapes for what is not text).</summary>
    public static string HexToText(ReadOnlySpan<char> hex)
    {
        var bytes = HexToBytes(hex, out var rented);
        try
        {
            return LineText.Decode(bytes, out _);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Hex to the arguments it holds, split at NUL (PROCTITLE); trailing empties dropped.</summary>
    public static List<string> HexToNulSeparated(ReadOnlySpan<char> hex, byte separator = 0)
    {
        var bytes = HexToBytes(hex, out var rented);
        try
        {
            var parts = new List<string>();
            while (!bytes.IsEmpty)
            {
                var end = bytes.IndexOf(separator);
                var part = end < 0 ? bytes : bytes[..end];
                parts.Add(LineText.Decode(part, out _));
                if (end < 0) break;
                bytes = bytes[(end + 1)..];
            }

            while (parts.Count > 0 && parts[^1].Length == 0) parts.RemoveAt(parts.Count - 1);
            return parts;
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Decodes hex into bytes; <paramref name="dest"/> must hold half the hex length.</summary>
    public static int HexToBytes(ReadOnlySpan<char> hex, Span<byte> dest)
    {
        var n = Math.Min(hex.Length / 2, dest.Length);
        for (var i = 0; i < n; i++)
        {
            dest[i] = (byte)((Nibble(hex[2 * i]) << 4) | Nibble(hex[(2 * i) + 1]));
        }

        return n;
    }

    private static ReadOnlySpan<byte> HexToBytes(ReadOnlySpan<char> hex, out byte[]? rented)
    {
        rented = ArrayPool<byte>.Shared.Rent(Math.Max(1, hex.Length / 2));
        var n = HexToBytes(hex, rented);
        return rented.AsSpan(0, n);
    }

    private static int Nibble(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => 0,
    };
}
