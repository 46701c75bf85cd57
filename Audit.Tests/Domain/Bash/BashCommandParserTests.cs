using Audit.Domain.Bash;
using Audit.Domain.Syslog;

namespace Audit.Tests.Domain.Bash;

public sealed class BashCommandParserTests
{
    private static readonly SyslogHeader Header = new(SyslogFormat.Rfc3164, new DateTimeOffset(2026, 11, 6, 9, 1, 2, TimeSpan.Zero), "web-1", "alice", null, 0);

    [Theory]
    [InlineData("alice [1234]: ls -la [0]", "alice", 1234, "ls -la", 0, null)]
    [InlineData("root [1235]:   42  cat /etc/shadow [1]", "root", 1235, "cat /etc/shadow", 1, 42)]
    [InlineData("root [1235]: 10234  vim /etc/hosts [0]", "root", 1235, "vim /etc/hosts", 0, 10234)]
    [InlineData("alice [77]:    7* git status [0]", "alice", 77, "git status", 0, 7)]
    [InlineData("alice [1234]: grep -r \"[0]\" . [2]", "alice", 1234, "grep -r \"[0]\" .", 2, null)]
    [InlineData("alice [1234]: echo done", "alice", 1234, "echo done", null, null)]
    [InlineData("alice [1234]: sleep 5 [130]", "alice", 1234, "sleep 5", 130, null)]
    [InlineData("alice [1234]: 42 is the answer [0]", "alice", 1234, "42 is the answer", 0, null)]
    [InlineData("alice [1234]: for i in 1 2; do echo $i; done [0]", "alice", 1234, "for i in 1 2; do echo $i; done", 0, null)]
    public void Parses_prompt_command_lines(string message, string user, int pid, string command, int? exit, int? history)
    {
        Assert.True(BashCommandParser.TryParse(message, Header, "fallback", out var c));
        Assert.Equal(user, c.User);
        Assert.Equal(pid, c.ShellPid);
        Assert.Equal(command, c.Command);
        Assert.Equal(exit, c.ExitCode);
        Assert.Equal(history, c.HistoryNumber);
        Assert.Equal("alice", c.LoginUser);
        Assert.Equal("web-1", c.Host);
    }

    [Theory]
    [InlineData("alice [1234]:  [0]")]
    [InlineData("alice [1234]: [0]")]
    [InlineData("alice [1234]:")]
    public void Recognises_the_empty_first_prompt(string message)
    {
        Assert.True(BashCommandParser.TryParse(message, Header, "fallback", out var c));
        Assert.Equal("", c.Command);
    }

    [Theory]
    [InlineData("pam_unix(sshd:session): session opened for user alice")]
    [InlineData("Accepted publickey for alice from 10.0.0.1 port 22 ssh2")]
    [InlineData("alice [abc]: ls [0]")]
    [InlineData("two words [12]: ls")]
    [InlineData("")]
    [InlineData("[1]: ls")]
    public void Rejects_other_messages(string message)
    {
        Assert.False(BashCommandParser.TryParse(message, Header, "fallback", out _));
    }

    [Fact]
    public void Uses_the_shell_user_as_person_when_the_tag_is_generic()
    {
        var header = Header with { Program = "bash", Host = "" };
        Assert.True(BashCommandParser.TryParse("bob [9]: id [0]", header, "fallback-host", out var c));
        Assert.Equal("bob", c.LoginUser);
        Assert.Equal("fallback-host", c.Host);
    }
}
