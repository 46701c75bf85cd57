using Audit.Domain.Auditd;
using Audit.Domain.Parsing;

namespace Audit.Tests.Domain.Auditd;

public sealed class AuditdLineParserTests
{
    private static readonly LineParser Parser = new(new SourceRouter());

    private static LineContext Ctx(string source, string? program = null) =>
        new("shipper-host", source, program, null, new DateTimeOffset(2026, 11, 26, 13, 8, 6, TimeSpan.Zero), TimeZoneInfo.Utc);

    [Theory]
    [InlineData("/var/log/audit/audit.log", "type=CWD msg=audit(1732611486.123:4021): cwd=\"/home/bob\"", "shipper-host", "CWD")]
    [InlineData("/var/log/audit/audit.log", "node=db-1 type=CWD msg=audit(1732611486.123:4021): cwd=\"/home/bob\"", "db-1", "CWD")]
    [InlineData("/var/log/audit/audit.log.1", "type=EOE msg=audit(1732611486.123:4021): ", "shipper-host", "EOE")]
    [InlineData("/data/unknown.log", "type=EOE msg=audit(1732611486.123:4021): ", "shipper-host", "EOE")]
    [InlineData("/var/log/syslog", "Nov 26 13:08:06 web-3 audisp-syslog: type=USER_CMD msg=audit(1732611486.100:4019): pid=4410 uid=1001 auid=1001 ses=7 msg='cwd=\"/\" cmd=6964 terminal=pts/1 res=success'", "web-3", "USER_CMD")]
    [InlineData("/var/log/messages", "Nov 26 13:08:06 web-3 audispd: node=web-3 type=SYSCALL msg=audit(1732611486.123:4021): arch=c000003e syscall=59 success=yes", "web-3", "SYSCALL")]
    [InlineData("/var/log/kern.log", "2026-11-26T13:08:06.810097+00:00 web-4 kernel: [ 8123.442817] audit: type=1400 audit(1732611486.300:4031): apparmor=\"DENIED\" operation=\"open\" profile=\"snap.firefox\" name=\"/etc/shadow\" pid=2211 comm=\"firefox\"", "web-4", "AVC")]
    [InlineData("/var/log/kern.log", "Nov 26 13:08:06 web-4 kernel: audit: type=1326 audit(1732611486.301:4032): auid=1001 uid=1001 gid=1001 ses=7 pid=2290 comm=\"chrome\" exe=\"/opt/chrome\" sig=0 arch=c000003e syscall=230 compat=0 ip=0x7f code=0x50000", "web-4", "SECCOMP")]
    [InlineData("/var/log/audit/audit.log", "Nov 26 13:08:06 web-5 audit: type=SERVICE_START msg=audit(1732611486.400:4040): pid=1 uid=0 auid=4294967295 ses=4294967295 msg='unit=nginx comm=\"systemd\" exe=\"/usr/lib/systemd/systemd\" hostname=? addr=? terminal=? res=success'", "web-5", "SERVICE_START")]
    public void Parses_audit_records_from_files_and_from_syslog(string source, string line, string host, string type)
    {
        var result = Parser.Parse(line, Ctx(source));
        Assert.Equal(ParseStatus.Parsed, result.Status);
        var record = Assert.IsType<AuditRecord>(result.Event);
        Assert.Equal(host, record.Host);
        Assert.Equal(type, record.Type);
    }

    [Fact]
    public void Parses_a_document_whose_program_came_separately()
    {
        var result = Parser.Parse("type=USER_END msg=audit(1732611486.500:4050): pid=4410 uid=0 auid=1001 ses=7 msg='op=PAM:session_close acct=\"root\" exe=\"/usr/bin/sudo\" hostname=? addr=? terminal=/dev/pts/1 res=success'", Ctx("/var/log/syslog", "audisp-syslog"));
        var record = Assert.IsType<AuditRecord>(result.Event);
        Assert.Equal("USER_END", record.Type);
        Assert.Equal("shipper-host", record.Host);
    }

    [Fact]
    public void Returns_all_records_of_a_joined_line()
    {
        const string line = "type=SYSCALL msg=audit(1732611486.123:40): arch=c000003e syscall=2 success=yes exit=3 items=1 pid=1 auid=1 uid=1 key=\"fim\" type=CWD msg=audit(1732611486.123:40):  cwd=\"/root\" type=PATH msg=audit(1732611486.123:40): item=0 name=\"/etc/shadow\" nametype=NORMAL";
        var result = Parser.Parse(line, Ctx("/var/ossec/logs/audit.log"));
        var joined = Assert.IsType<AuditRecordLine>(result.Event);
        Assert.Equal(["SYSCALL", "CWD", "PATH"], joined.Records.Select(r => r.Type));
    }

    [Theory]
    [InlineData("/var/log/audit/audit.log", "type=UNKNOWN[1329] msg=?")]
    [InlineData("/var/log/audit/audit.log", "----")]
    [InlineData("/var/log/audit/audit.log", "Nov 26 13:08:06 web-3 sshd[812]: Accepted publickey for bob from 10.0.0.5 port 50022 ssh2")]
    [InlineData("/var/log/kern.log", "Nov 26 13:08:06 web-4 kernel: [ 8123.442817] e1000e: eth0 NIC Link is Up")]
    public void Leaves_other_lines_unparsed(string source, string line)
    {
        var result = Parser.Parse(line, Ctx(source));
        Assert.NotEqual(ParseStatus.Parsed, result.Status);
        Assert.NotNull(result.Reason);
    }
}
