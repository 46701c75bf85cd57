using Audit.Domain.Auth;
using Audit.Domain.Events;
using Audit.Domain.Parsing;

namespace Audit.Tests.Domain.Auth;

public sealed class SuMessageParserTests
{
    [Theory]
    [InlineData("(to root) alice on pts/0", "alice", "root", true, "pts/0")]
    [InlineData("FAILED SU (to root) alice on pts/0", "alice", "root", false, "pts/0")]
    [InlineData("(to postgres) root on none", "root", "postgres", true, "none")]
    [InlineData("Successful su for root by alice", "alice", "root", true, null)]
    [InlineData("FAILED su for root by mallory", "mallory", "root", false, null)]
    [InlineData("'su root' failed for bob on /dev/pts/8", "bob", "root", false, "pts/8")]
    [InlineData("'su oracle' succeeded for bob on /dev/pts/8", "bob", "oracle", true, "pts/8")]
    [InlineData("carol to root on /dev/ttyp1", "carol", "root", true, "ttyp1")]
    [InlineData("BAD SU carol to root on /dev/ttyp1", "carol", "root", false, "ttyp1")]
    [InlineData("failed: ttyq4 changing from dave to root", "dave", "root", false, "ttyq4")]
    public void Parses_switches(string message, string user, string target, bool success, string? tty)
    {
        Assert.True(SuMessageParser.TryParse(message, AuthTestLines.Line("su", 515), out var result));
        var su = AuthTestLines.Event<SuSwitch>(result);
        Assert.Equal(user, su.User);
        Assert.Equal(target, su.Target);
        Assert.Equal(success, su.Success);
        Assert.Equal(tty, su.Tty);
        Assert.Equal(515, su.Pid);
    }

    [Theory]
    [InlineData("+ pts/0 alice:root")]
    [InlineData("- /dev/pts/1 mallory:root")]
    [InlineData("pam_authenticate: Authentication failure")]
    public void Recognises_echo_lines_as_noise(string message)
    {
        Assert.True(SuMessageParser.TryParse(message, AuthTestLines.Line("su"), out var result));
        Assert.Equal(ParseStatus.Noise, result.Status);
    }

    [Theory]
    [InlineData("pam_unix(su:session): session opened for user root by alice(uid=1000)")]
    [InlineData("(to root")]
    [InlineData("Successful su for root")]
    [InlineData("")]
    public void Leaves_other_messages_alone(string message)
    {
        Assert.False(SuMessageParser.TryParse(message, AuthTestLines.Line("su"), out _));
    }
}
