using Audit.Domain.Syslog;

namespace Audit.Tests.Domain.Syslog;

public sealed class SyslogHeaderParserTests
{
    private static readonly TimeContext Nov2026 = TimeContext.Utc(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData("Nov  6 09:01:02 web-1 sshd[812]: Accepted", "2026-11-06T09:01:02+00:00", "web-1", "sshd", 812, "Accepted")]
    [InlineData("Nov 6 09:01:02 web-1 sudo: alice : TTY=pts/0", "2026-11-06T09:01:02+00:00", "web-1", "sudo", null, "alice : TTY=pts/0")]
    [InlineData("Nov 06 09:01:02 web-1 su[1]: x", "2026-11-06T09:01:02+00:00", "web-1", "su", 1, "x")]
    [InlineData("2026-11-26T13:08:06.810097+00:00 deb12 alice: alice [1]: ls [0]", "2026-11-26T13:08:06.810097+00:00", "deb12", "alice", null, "alice [1]: ls [0]")]
    [InlineData("2026-11-26T13:08:06+02:00 deb12 sshd-session[5]: Connection closed", "2026-11-26T11:08:06+00:00", "deb12", "sshd-session", 5, "Connection closed")]
    [InlineData("2026-11-26T13:08:06Z deb12 cron[5]: x", "2026-11-26T13:08:06+00:00", "deb12", "cron", 5, "x")]
    [InlineData("<34>1 2026-11-26T22:14:15.003Z mymachine su - ID47 - 'su root' failed", "2026-11-26T22:14:15.003+00:00", "mymachine", "su", null, "'su root' failed")]
    [InlineData("<86>1 2026-11-26T22:14:15Z h sshd 77 - [origin ip=\"10.0.0.1\"] Accepted x", "2026-11-26T22:14:15+00:00", "h", "sshd", 77, "Accepted x")]
    [InlineData("<38>Nov  6 09:01:02 web-1 sshd[812]: Accepted", "2026-11-06T09:01:02+00:00", "web-1", "sshd", 812, "Accepted")]
    [InlineData("Nov  6 09:01:02 web-1 last message repeated 3 times", "2026-11-06T09:01:02+00:00", "web-1", "", null, "last message repeated 3 times")]
    [InlineData("Nov  6 09:01:02 sshd[812]: Accepted", "2026-11-06T09:01:02+00:00", "", "sshd", 812, "Accepted")]
    [InlineData("Nov  6 09:01:02 web-1 sshd(pam_unix)[812]: session opened", "2026-11-06T09:01:02+00:00", "web-1", "sshd(pam_unix)", 812, "session opened")]
    public void Parses_headers(string line, string time, string host, string program, int? pid, string message)
    {
        Assert.True(SyslogHeaderParser.TryParse(line, Nov2026, out var h));
        Assert.Equal(DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture), h.Timestamp);
        Assert.Equal(host, h.Host);
        Assert.Equal(program, h.Program);
        Assert.Equal(pid, h.Pid);
        Assert.Equal(message, line[h.MessageStart..]);
    }

    [Theory]
    [InlineData("Dec 31 23:59:58 h x: y", "2027-01-01T00:00:05+00:00", "2026-12-31T23:59:58+00:00")]
    [InlineData("Jan  1 00:00:01 h x: y", "2026-12-31T23:59:59+00:00", "2027-01-01T00:00:01+00:00")]
    [InlineData("Feb 29 10:00:00 h x: y", "2028-03-01T00:00:00+00:00", "2028-02-29T10:00:00+00:00")]
    public void Infers_the_year_across_new_year(string line, string reference, string expected)
    {
        var ctx = TimeContext.Utc(DateTimeOffset.Parse(reference, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(SyslogHeaderParser.TryParse(line, ctx, out var h));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), h.Timestamp);
    }

    [Fact]
    public void Applies_the_zone_to_rfc3164_but_not_to_rfc3339_offsets()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var ctx = new TimeContext(new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero), berlin);
        Assert.True(SyslogHeaderParser.TryParse("Jul  1 14:00:00 h x: y", ctx, out var local));
        Assert.Equal(new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero), local.Timestamp.ToUniversalTime());
        Assert.True(SyslogHeaderParser.TryParse("2026-07-01T14:00:00+00:00 h x: y", ctx, out var explicitOffset));
        Assert.Equal(new DateTimeOffset(2026, 7, 1, 14, 0, 0, TimeSpan.Zero), explicitOffset.Timestamp.ToUniversalTime());
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello world")]
    [InlineData("Foo  6 09:01:02 h x: y")]
    [InlineData("Nov 32 09:01:02 h x: y")]
    [InlineData("Nov  6 25:01:02 h x: y")]
    [InlineData("2026-13-26T13:08:06Z h x: y")]
    [InlineData("2026-02-30T13:08:06Z h x: y")]
    [InlineData("Nov  6 09:01:02")]
    [InlineData("<999999>Nov  6 09:01:02 h")]
    public void Rejects_lines_without_a_valid_header(string line)
    {
        Assert.False(SyslogHeaderParser.TryParse(line, Nov2026, out _));
    }
}
