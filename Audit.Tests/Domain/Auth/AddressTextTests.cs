using Audit.Domain.Auth;

namespace Audit.Tests.Domain.Auth;

public sealed class AddressTextTests
{
    [Theory]
    [InlineData("192.0.2.1", "192.0.2.1")]
    [InlineData("192.030.0.6", "192.030.0.6")]
    [InlineData("0.0.0.0", "0.0.0.0")]
    [InlineData("::1", "::1")]
    [InlineData("::", "::")]
    [InlineData("2001:db8::1", "2001:db8::1")]
    [InlineData("2001:0db8:0a0b:12f0:0000:0000:0000:0001", "2001:0db8:0a0b:12f0:0000:0000:0000:0001")]
    [InlineData("001:db8:a0b:12f0::1", "001:db8:a0b:12f0::1")]
    [InlineData("fe80::1%eth0", "fe80::1%eth0")]
    [InlineData("::ffff:198.51.100.7", "198.51.100.7")]
    [InlineData("::FFFF:198.51.100.8", "198.51.100.8")]
    [InlineData("64:ff9b::192.0.2.33", "64:ff9b::192.0.2.33")]
    public void Accepts_and_normalises_addresses(string text, string expected)
    {
        Assert.True(AddressText.TryIp(text, out var ip));
        Assert.Equal(expected, ip);
    }

    [Theory]
    [InlineData("")]
    [InlineData("256.1.1.1")]
    [InlineData("1.2.3")]
    [InlineData("1.2.3.4.5")]
    [InlineData("1.2.3.4:22")]
    [InlineData("1::2::3")]
    [InlineData("12345::1")]
    [InlineData("1:2:3:4:5:6:7")]
    [InlineData("1:2:3:4:5:6:7:8:9")]
    [InlineData("1:")]
    [InlineData("gggg::1")]
    [InlineData("fe80::1%")]
    [InlineData("example.com")]
    public void Rejects_what_is_no_address(string text)
    {
        Assert.False(AddressText.TryIp(text, out _));
    }

    [Theory]
    [InlineData("example.com", true)]
    [InlineData("dsl-42.pool_b.example.net", true)]
    [InlineData("183.106.179.x", true)]
    [InlineData("46039", false)]
    [InlineData("1.2.3.999", false)]
    [InlineData("-leading.dash", false)]
    [InlineData("bad!char", false)]
    [InlineData("", false)]
    public void Recognises_host_names(string text, bool expected)
    {
        Assert.Equal(expected, AddressText.IsHostName(text));
    }
}
