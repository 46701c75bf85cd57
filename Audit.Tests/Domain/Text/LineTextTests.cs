using System.Text;
using Audit.Domain.Text;

namespace Audit.Tests.Domain.Text;

public sealed class LineTextTests
{
    [Theory]
    [InlineData(new byte[] { 0x61, 0x62 }, "ab", true)]
    [InlineData(new byte[] { 0x61, 0x00, 0x62 }, "a\\x00b", false)]
    [InlineData(new byte[] { 0x61, 0xFF, 0x62 }, "a\\xFFb", false)]
    [InlineData(new byte[] { 0xC3, 0xA9 }, "é", true)]
    [InlineData(new byte[] { 0xC3 }, "\\xC3", false)]
    [InlineData(new byte[] { 0xE2, 0x82, 0x41 }, "\\xE2\\x82A", false)]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, "\\xED\\xA0\\x80", false)]
    [InlineData(new byte[] { 0x1B, 0x5B, 0x33, 0x31, 0x6D }, "\u001b[31m", true)]
    public void Decodes_bytes_escaping_only_what_postgres_cannot_hold(byte[] bytes, string expected, bool exact)
    {
        Assert.Equal(expected, LineText.Decode(bytes, out var wasExact));
        Assert.Equal(exact, wasExact);
    }

    [Fact]
    public void Sanitizes_nul_and_lone_surrogates_from_json_strings()
    {
        Assert.Equal("a\\x00b", LineText.Sanitize("a\0b", out var e1));
        Assert.False(e1);
        Assert.Equal("x\\ud800y", LineText.Sanitize("x\ud800y", out var e2));
        Assert.False(e2);
        Assert.Equal("ok 😀", LineText.Sanitize("ok 😀", out var e3));
        Assert.True(e3);
    }

    [Fact]
    public void Megabyte_line_decodes_unchanged()
    {
        var big = Encoding.UTF8.GetBytes(new string('x', 1 << 20));
        Assert.Equal(1 << 20, LineText.Decode(big, out var exact).Length);
        Assert.True(exact);
    }
}
