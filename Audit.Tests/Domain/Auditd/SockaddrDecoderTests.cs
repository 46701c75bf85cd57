using Audit.Domain.Auditd;

namespace Audit.Tests.Domain.Auditd;

public sealed class SockaddrDecoderTests
{
    [Theory]
    [InlineData("020001BB5DB8D8220000000000000000", "inet", "93.184.216.34", 443, null)]
    [InlineData("02000035C0A8010A0000000000000000", "inet", "192.168.1.10", 53, null)]
    [InlineData("0A0000160000000020010DB800000000000000000000000100000000", "inet6", "2001:db8::1", 22, null)]
    [InlineData("01002F72756E2F73797374656D642F6A6F75726E616C2F736F636B657400", "local", null, null, "/run/systemd/journal/socket")]
    [InlineData("010000646275732D616263", "local", null, null, "@dbus-abc")]
    [InlineData("0100", "local", null, null, null)]
    [InlineData("100000000000000000000000", "netlink", null, null, null)]
    [InlineData("00000000000000000000000000000000", "0", null, null, null)]
    [InlineData("0002D903000000000000000000000000", "inet", "0.0.0.0", 55555, null)] // big-endian host (ppc64)
    [InlineData("0200", "inet", null, null, null)]
    public void Decodes_socket_addresses(string hex, string family, string? address, int? port, string? path)
    {
        Assert.True(SockaddrDecoder.TryDecode(hex, out var s));
        Assert.Equal((family, address, port, path, hex), (s!.Family, s.Address, s.Port, s.Path, s.Raw));
    }

    [Theory]
    [InlineData("")]
    [InlineData("02")]
    [InlineData("XYZ0")]
    [InlineData("02000")]
    public void Rejects_what_is_not_a_sockaddr(string hex)
    {
        Assert.False(SockaddrDecoder.TryDecode(hex, out var s));
        Assert.Null(s);
    }
}
