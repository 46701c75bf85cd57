using System.Buffers.Binary;
using System.Globalization;
using System.Net;

namespace Audit.Domain.Auditd;

/// <summary>
/// Decodes SOCKADDR's <c>saddr=</c> (the raw sockaddr in hex): family, IPv4/IPv6 address and port,
/// unix socket path (abstract ones as <c>@name</c>), netlink. The family is in host byte order, so a
/// big-endian host (s390x, ppc64) is recognised when only the swapped reading is a known family.
/// </summary>
public static class SockaddrDecoder
{
    public static bool TryDecode(ReadOnlySpan<char> hex, out AuditSockaddr? sockaddr)
    {
        sockaddr = null;
        if (!AuditValueDecoder.IsHex(hex) || hex.Length < 4) return false;
        Span<byte> bytes = hex.Length <= 512 ? stackalloc byte[hex.Length / 2] : new byte[hex.Length / 2];
        AuditValueDecoder.HexToBytes(hex, bytes);
        var raw = hex.ToString();

        int family = BinaryPrimitives.ReadUInt16LittleEndian(bytes);
        if (!IsKnown(family) && IsKnown(BinaryPrimitives.ReadUInt16BigEndian(bytes))) family = BinaryPrimitives.ReadUInt16BigEndian(bytes);

        sockaddr = family switch
        {
            2 when bytes.Length >= 8 => new AuditSockaddr("inet", new IPAddress(bytes.Slice(4, 4)).ToString(), BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]), null, raw),
            10 when bytes.Length >= 24 => new AuditSockaddr("inet6", new IPAddress(bytes.Slice(8, 16)).ToString(), BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]), null, raw),
            1 => new AuditSockaddr("local", null, null, UnixPath(bytes[2..]), raw),
            16 => new AuditSockaddr("netlink", null, null, null, raw),
            2 or 10 => new AuditSockaddr(family == 2 ? "inet" : "inet6", null, null, null, raw),
            _ => new AuditSockaddr(family.ToString(CultureInfo.InvariantCulture), null, null, null, raw),
        };
        return true;
    }

    private static bool IsKnown(int family) => family is 1 or 2 or 10 or 16;

    private static string? UnixPath(ReadOnlySpan<byte> path)
    {
        if (path.IsEmpty) return null;
        var abstractName = path[0] == 0;
        if (abstractName) path = path[1..];
        var end = path.IndexOf((byte)0);
        if (end >= 0) path = path[..end];
        var text = Text.LineText.Decode(path, out _);
        return abstractName ? "@" + text : text.Length == 0 ? null : text;
    }
}
