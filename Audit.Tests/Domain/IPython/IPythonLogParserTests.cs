using Audit.Domain.Events;
using Audit.Domain.IPython;
using Audit.Domain.Parsing;

namespace Audit.Tests.Domain.IPython;

public sealed class IPythonLogParserTests
{
    private static readonly DateTimeOffset Shipped = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static LineContext Ctx(string source = "/home/alice/.ipython/shell_alice.log") =>
        new("nb-1", source, null, Shipped, Shipped.AddSeconds(1), TimeZoneInfo.Utc);

    [Theory]
    [InlineData("# IPython log file", "ipython log header")]
    [InlineData("#[Out]# [1, 2, 3]", "ipython output")]
    [InlineData("# just a comment", "comment")]
    [InlineData("# Thu, 26 Nov 2026 10:00:00", "ipython timestamp")]
    public void Recognises_non_input_lines_as_noise(string line, string reason)
    {
        var r = IPythonLogParser.Parse(line, Ctx(), new ParseSession());
        Assert.Equal(ParseStatus.Noise, r.Status);
        Assert.Equal(reason, r.Reason);
    }

    [Fact]
    public void Input_takes_the_user_from_the_file_name_and_the_time_from_the_last_stamp()
    {
        var session = new ParseSession();
        IPythonLogParser.Parse("# Thu, 26 Nov 2026 10:00:00", Ctx(), session);
        var r = IPythonLogParser.Parse("import os; os.remove('/tmp/x')", Ctx(), session);
        var c = Assert.IsType<ShellCommand>(r.Event);
        Assert.Equal("alice", c.User);
        Assert.Equal("ipython", c.Shell);
        Assert.Equal("import os; os.remove('/tmp/x')", c.Command);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero), c.OccurredAt);
    }

    [Fact]
    public void Input_without_a_stamp_uses_the_shipper_time()
    {
        var c = Assert.IsType<ShellCommand>(IPythonLogParser.Parse("x = 1", Ctx(), new ParseSession()).Event);
        Assert.Equal(Shipped, c.OccurredAt);
    }

    [Fact]
    public void A_stamp_applies_only_to_its_own_file()
    {
        var session = new ParseSession();
        IPythonLogParser.Parse("# Thu, 26 Nov 2026 10:00:00", Ctx(), session);
        var c = Assert.IsType<ShellCommand>(IPythonLogParser.Parse("y = 2", Ctx("/home/bob/shell_bob.log"), session).Event);
        Assert.Equal("bob", c.User);
        Assert.Equal(Shipped, c.OccurredAt);
    }

    [Theory]
    [InlineData("/var/log/ipython/shell_alice.log", "alice")]
    [InlineData("shell_bob.smith.log", "bob.smith")]
    [InlineData("/x/shell_.log", null)]
    [InlineData("/x/notebook.log", null)]
    public void Reads_the_user_from_the_file_name(string path, string? user)
    {
        Assert.Equal(user, IPythonLogParser.UserFromPath(path));
    }

    [Theory]
    [InlineData("# Fri, 26 Nov 2026 10:00:00")] // wrong weekday
    [InlineData("# Thu, 31 Nov 2026 10:00:00")]
    [InlineData("# Thu, 26 Nov 2026 25:00:00")]
    public void Malformed_stamps_are_plain_comments(string line)
    {
        Assert.Equal("comment", IPythonLogParser.Parse(line, Ctx(), new ParseSession()).Reason);
    }
}
