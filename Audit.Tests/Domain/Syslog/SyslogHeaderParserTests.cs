using Audit.Domain.Syslog;
using Audit.Tests.Support;

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
    [InlineData("Nov 6 09:01:02 web-1 sshd-session[77]: Accepted", "2026-11-06T09:01:02+00:00", "web-1", "sshd-session", 77, "Accepted")]
    [InlineData("Nov  6 09:01:02 web-1 sudo[4021]: alice : TTY=pts/0", "2026-11-06T09:01:02+00:00", "web-1", "sudo", 4021, "alice : TTY=pts/0")]
    [InlineData("Nov  6 09:01:02.345 web-1 x: y", "2026-11-06T09:01:02.345+00:00", "web-1", "x", null, "y")]
    [InlineData("Nov  6 09:01:02  sshd[1332]: last message repeated 2 times", "2026-11-06T09:01:02+00:00", "", "sshd", 1332, "last message repeated 2 times")]
    [InlineData("Nov  6 09:01:02: --- last message repeated 5 times ---", "2026-11-06T09:01:02+00:00", "", "", null, "--- last message repeated 5 times ---")]
    [InlineData("Nov  6 09:01:02 [sshd] User root from 192.0.2.1 not allowed", "2026-11-06T09:01:02+00:00", "", "sshd", null, "User root from 192.0.2.1 not allowed")]
    [InlineData("Nov  6 09:01:02 web-1 [sshd]: x", "2026-11-06T09:01:02+00:00", "web-1", "sshd", null, "x")]
    [InlineData("2026-11-26T13:08:06.810097 deb12 sudo: x", "2026-11-26T13:08:06.810097+00:00", "deb12", "sudo", null, "x")]
    [InlineData("2026-11-26T13:08:06.412+01:30 deb12 pam: x", "2026-11-26T11:38:06.412+00:00", "deb12", "pam", null, "x")]
    [InlineData("2026-11-26 13:08:06.801612-0700  localhost sshd[3186]: x", "2026-11-26T20:08:06.801612+00:00", "localhost", "sshd", 3186, "x")]
    [InlineData("2026-11-26T13:08:06+0200 h sshd[1]: x", "2026-11-26T11:08:06+00:00", "h", "sshd", 1, "x")]
    [InlineData("2026 Nov 13 13:40:01 ether rsyslogd-2177: imuxsock begins", "2026-11-13T13:40:01+00:00", "ether", "rsyslogd-2177", null, "imuxsock begins")]
    [InlineData("<30>1 2026-09-28T12:10:12.175599+02:00 lab.example systemd 153589 - - Stopped target.", "2026-09-28T10:10:12.175599+00:00", "lab.example", "systemd", 153589, "Stopped target.")]
    [InlineData("<15>1 2026-03-06T04:07:38.251122+00:00 hostname log_tag - 123 -  this is debug", "2026-03-06T04:07:38.251122+00:00", "hostname", "log_tag", null, "this is debug")]
    [InlineData("<174>1 2026-11-14T09:49:23+01:00 2001:db8::6 named 2255 - -  info: query", "2026-11-14T08:49:23+00:00", "2001:db8::6", "named", 2255, "info: query")]
    [InlineData("<34>1 2026-12-19T01:45:54.001234+11:30 rufus - - - [a@1 x=\"]\\\"\"][b@2 y=\"1\"] [down]", "2026-12-18T14:15:54.001234+00:00", "rufus", "", null, "[down]")]
    [InlineData("<174>1 2026-11-24T05:14:15+00:00 - - - - - IN=eth0 OUT=", "2026-11-24T05:14:15+00:00", "", "", null, "IN=eth0 OUT=")]
    [InlineData("Nov  6 09:01:02 web-1 CRON[3448]: pam_unix(cron:session): x", "2026-11-06T09:01:02+00:00", "web-1", "CRON", 3448, "pam_unix(cron:session): x")]
    [InlineData("Nov  6 09:01:02 web-1 rsyslogd:  message repeated 76 times: [-- MARK --]", "2026-11-06T09:01:02+00:00", "web-1", "rsyslogd", null, " message repeated 76 times: [-- MARK --]")]
    [InlineData("Nov  6 09:01:02 web-1 log_tag this is debug", "2026-11-06T09:01:02+00:00", "web-1", "", null, "log_tag this is debug")]
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
    [InlineData("Dec 24 10:00:00 h x: y", "2027-01-08T00:00:00+00:00", "2026-12-24T10:00:00+00:00")]
    [InlineData("Jan  1 08:00:00 h x: y", "2026-12-31T20:00:00+00:00", "2027-01-01T08:00:00+00:00")]
    [InlineData("Dec 20 10:00:00 h x: y", "2026-07-01T00:00:00+00:00", "2025-12-20T10:00:00+00:00")]
    [InlineData("Sep 29 16:28:02 h x: y", "2026-08-14T10:00:00+00:00", "2025-09-29T16:28:02+00:00")]
    [InlineData("Aug 14 23:00:00 h x: y", "2026-08-14T10:00:00+00:00", "2026-08-14T23:00:00+00:00")]
    [InlineData("Aug 16 10:00:00 h x: y", "2026-08-14T10:00:00+00:00", "2025-08-16T10:00:00+00:00")]
    [InlineData("Feb 29 10:00:00 h x: y", "2030-06-01T00:00:00+00:00", "2028-02-29T10:00:00+00:00")]
    public void Infers_the_year_across_new_year(string line, string reference, string expected)
    {
        var ctx = TimeContext.Utc(DateTimeOffset.Parse(reference, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(SyslogHeaderParser.TryParse(line, ctx, out var h));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), h.Timestamp);
    }

    [Fact]
    public void Applies_the_zone_to_rfc3164_but_not_to_rfc3339_offsets()
    {
        var berlin = TestZones.Berlin;
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
    [InlineData("Nov  6 09:01:02 h")]
    [InlineData("2026-11-26T13:08:06+2x:00 h x: y")]
    [InlineData("2026 Foo 13 13:40:01 ether x: y")]
    [InlineData("2026 Feb 30 13:40:01 ether x: y")]
    [InlineData("Nov  6 09:01:02.")]
    [InlineData("<34>1 2026-12-19T01:45:54Z rufus - - - [unterminated")]
    public void Rejects_lines_without_a_valid_header(string line)
    {
        Assert.False(SyslogHeaderParser.TryParse(line, Nov2026, out _));
    }

    [Fact]
    public void Applies_the_zone_to_iso_timestamps_without_offset()
    {
        var berlin = TestZones.Berlin;
        var ctx = new TimeContext(new DateTimeOffset(2026, 1, 10, 12, 0, 0, TimeSpan.Zero), berlin);
        Assert.True(SyslogHeaderParser.TryParse("2026-01-10T14:00:00.5 h x: y", ctx, out var h));
        Assert.Equal(new DateTimeOffset(2026, 1, 10, 13, 0, 0, 500, TimeSpan.Zero), h.Timestamp.ToUniversalTime());
    }

    [Fact]
    public void Applies_an_offset_exactly_once()
    {
        // beats#13306: a line that carries its offset must not get the host's zone on top.
        var tokyo = TestZones.Tokyo;
        var ctx = new TimeContext(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero), tokyo);
        Assert.True(SyslogHeaderParser.TryParse("2026-06-01T09:00:00+09:00 h x: y", ctx, out var h));
        Assert.Equal(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero), h.Timestamp.ToUniversalTime());
    }

    [Fact]
    public void Keeps_offsets_right_across_daylight_saving_changes()
    {
        // Berlin 2026: summer time from Mar 29 02:00 (gap to 03:00), back on Oct 25 03:00 (02:00–03:00 twice).
        var berlin = TestZones.Berlin;
        var ctx = new TimeContext(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), berlin);
        (string Line, string Utc)[] cases =
        [
            ("Mar 29 01:59:59 h x: y", "2026-03-29T00:59:59Z"),
            ("Mar 29 01:00:00 h x: y", "2026-03-29T00:00:00Z"),
            ("Mar 29 02:30:00 h x: y", "2026-03-29T01:30:00Z"), // in the gap: standard offset
            ("Mar 29 03:00:00 h x: y", "2026-03-29T01:00:00Z"),
            ("Mar 29 03:59:59 h x: y", "2026-03-29T01:59:59Z"),
            ("Oct 25 01:59:59 h x: y", "2026-10-24T23:59:59Z"),
            ("Oct 25 02:30:00 h x: y", "2026-10-25T01:30:00Z"), // twice: standard offset
            ("Oct 25 03:00:00 h x: y", "2026-10-25T02:00:00Z"),
            ("Oct 25 01:00:00 h x: y", "2026-10-24T23:00:00Z"),
        ];
        foreach (var (line, utc) in cases.Concat(cases.Reverse()))
        {
            Assert.True(SyslogHeaderParser.TryParse(line, ctx, out var h));
            Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), h.Timestamp);
        }
    }
}
