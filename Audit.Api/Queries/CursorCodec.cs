using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Audit.Api.Queries;

/// <summary>
/// Opaque cursors: the position and window, bound to the query's filters, signed with HMAC-SHA256
/// under a key the service keeps in the database. A forged, truncated or foreign cursor (one from a
/// query with other filters) fails to decode, and the endpoint answers 400.
/// </summary>
public sealed class CursorCodec
{
    private const byte Version = 1;
    private const int PayloadLength = 1 + 8 + 8 + 8 + 8 + 8;
    private const int MacLength = 16;
    private byte[]? _key;

    public bool Ready => _key is not null;

    public void SetKey(byte[] key) => _key = key;

    public string Encode(PageCursor cursor, string filterSignature)
    {
        Span<byte> buf = stackalloc byte[PayloadLength + MacLength];
        buf[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(buf[1..], cursor.Time.UtcTicks);
        BinaryPrimitives.WriteInt64BigEndian(buf[9..], cursor.Id);
        BinaryPrimitives.WriteInt64BigEndian(buf[17..], cursor.From.UtcTicks);
        BinaryPrimitives.WriteInt64BigEndian(buf[25..], cursor.To.UtcTicks);
        BinaryPrimitives.WriteUInt64BigEndian(buf[33..], FilterHash(filterSignature));
        Mac(buf[..PayloadLength], buf[PayloadLength..]);
        return Convert.ToBase64String(buf).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public bool TryDecode(string text, string filterSignature, out PageCursor cursor)
    {
        cursor = default;
        if (text.Length > 128) return false;
        var b64 = text.Replace('-', '+').Replace('_', '/');
        b64 += (b64.Length % 4) switch { 2 => "==", 3 => "=", _ => "" };
        Span<byte> buf = stackalloc byte[96];
        if (!Convert.TryFromBase64String(b64, buf, out var written) || written != PayloadLength + MacLength) return false;
        buf = buf[..written];
        Span<byte> expected = stackalloc byte[MacLength];
        Mac(buf[..PayloadLength], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, buf[PayloadLength..])) return false;
        if (buf[0] != Version || BinaryPrimitives.ReadUInt64BigEndian(buf[33..]) != FilterHash(filterSignature)) return false;
        var ticks = new[] { BinaryPrimitives.ReadInt64BigEndian(buf[1..]), BinaryPrimitives.ReadInt64BigEndian(buf[17..]), BinaryPrimitives.ReadInt64BigEndian(buf[25..]) };
        if (ticks.Any(t => t < DateTimeOffset.MinValue.UtcTicks || t > DateTimeOffset.MaxValue.UtcTicks)) return false;
        cursor = new PageCursor(new DateTimeOffset(ticks[0], TimeSpan.Zero), BinaryPrimitives.ReadInt64BigEndian(buf[9..]), new DateTimeOffset(ticks[1], TimeSpan.Zero), new DateTimeOffset(ticks[2], TimeSpan.Zero));
        return true;
    }

    private void Mac(ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        var key = _key ?? throw new InvalidOperationException("The cursor key is not loaded yet.");
        Span<byte> full = stackalloc byte[32];
        HMACSHA256.HashData(key, payload, full);
        full[..MacLength].CopyTo(destination);
    }

    private static ulong FilterHash(string signature)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(signature), digest);
        return BinaryPrimitives.ReadUInt64BigEndian(digest);
    }
}
