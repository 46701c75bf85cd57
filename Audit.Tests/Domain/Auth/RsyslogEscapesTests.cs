using Audit.Domain.Auth;

namespace Audit.Tests.Domain.Auth;

public sealed class RsyslogEscapesTests
{
    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("a#012b", "a\nb")]
    [InlineData("a#011b#015", "a\tb\r")]
    [InlineData("#177", "\u007f")]
    [InlineData("#101 is not a control character", "#101 is not a control character")]
    [InlineData("#01", "#01")]
    [InlineData("#0128", "\n8")]
    [InlineData("#999 #08x", "#999 #08x")]
    [InlineData("##012#", "#\n#")]
    [InlineData("", "")]
    public void Decodes_only_octal_control_characters(string text, string expected)
    {
        Assert.Equal(expected, RsyslogEscapes.Decode(text));
    }
}
