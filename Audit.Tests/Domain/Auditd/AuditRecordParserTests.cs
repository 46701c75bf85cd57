using System.Reflection;
using Audit.Domain.Auditd;

namespace Audit.Tests.Domain.Auditd;

public sealed class AuditRecordParserTests
{
    [Fact]
    public void Each_named_record_type_constant_is_the_number_auditd_writes_for_that_name()
    {
        var constants = typeof(AuditRecordTypes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(int))
            .ToList();

        Assert.NotEmpty(constants);
        Assert.All(constants, f => Assert.Equal(
            string.Concat(f.Name.Select((c, i) => i > 0 && char.IsAsciiLetterUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant(),
            AuditRecordTypes.Name((int)f.GetRawConstantValue()!)));
    }

    [Theory]
    [InlineData("type=SYSCALL msg=audit(1732611486.123:4021): arch=c000003e syscall=59 success=yes exit=0 items=2 pid=3120", "shipper", null, "SYSCALL", 1300, 1732611486123, 4021)]
    [InlineData("node=web-3 type=CWD msg=audit(1732611486.123:4021): cwd=\"/srv/app\"", "web-3", "web-3", "CWD", 1307, 1732611486123, 4021)]
    [InlineData("  type=EOE msg=audit(1732611486.123:4021): \r\n", "shipper", null, "EOE", 1320, 1732611486123, 4021)]
    [InlineData("type=UNKNOWN[1334] msg=audit(1732611486.200:4030): prog-id=42 op=LOAD", "shipper", null, "BPF", 1334, 1732611486200, 4030)]
    [InlineData("type=UNKNOWN[1999] msg=audit(1732611486.200:4030): x=1", "shipper", null, "UNKNOWN[1999]", 1999, 1732611486200, 4030)]
    [InlineData("type=1400 audit(1732611486.300:4031): apparmor=\"DENIED\" operation=\"open\" profile=\"snap.firefox\"", "shipper", null, "AVC", 1400, 1732611486300, 4031)]
    [InlineData("type=DAEMON_CONFIG msg=audit(1732611400.001:7) config changed, auid=0 pid=812 res=success", "shipper", null, "DAEMON_CONFIG", 1203, 1732611400001, 7)]
    [InlineData("type=SYSCALL msg=audit(1732611486.5:9): arch=c000003e", "shipper", null, "SYSCALL", 1300, 1732611486500, 9)]
    [InlineData("type=SYSCALL msg=audit(1732611486.123:4294967295): arch=c000003e", "shipper", null, "SYSCALL", 1300, 1732611486123, 4294967295)]
    [InlineData("type=SOME_NEW_TYPE msg=audit(1732611486.123:12): a=b", "shipper", null, "SOME_NEW_TYPE", null, 1732611486123, 12)]
    public void Reads_the_record_header(string line, string host, string? node, string type, int? number, long epochMs, long serial)
    {
        Assert.True(AuditRecordParser.TryParse(line, "shipper", out var r));
        Assert.Equal(host, r.Host);
        Assert.Equal(node, r.Node);
        Assert.Equal(type, r.Type);
        Assert.Equal(number, r.TypeNumber);
        Assert.Equal(epochMs, r.EpochMilliseconds);
        Assert.Equal(serial, r.Serial);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(epochMs), r.OccurredAt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("type=")]
    [InlineData("type=SYSCALL")]
    [InlineData("type=UNKNOWN[1329] msg=?")]
    [InlineData("type=UNKNOWN[1329] msg=g\u0005")]
    [InlineData("node=web-3")]
    [InlineData("node= type=SYSCALL msg=audit(1732611486.123:1): a=b")]
    [InlineData("hello type=SYSCALL msg=audit(1732611486.123:1): a=b")]
    [InlineData("type=SYSCALL msg=audit(abc:1): a=b")]
    [InlineData("type=SYSCALL msg=audit(1732611486.123): a=b")]
    [InlineData("type=SYSCALL msg=audit(1732611486.123:): a=b")]
    [InlineData("type=SYSCALL msg=audit(99999999999999.123:1): a=b")]
    [InlineData("type=syscall msg=audit(1732611486.123:1): a=b")]
    [InlineData("Nov 26 13:08:06 web-3 sshd[812]: Accepted publickey for alice from 10.0.0.5 port 50022 ssh2")]
    public void Rejects_lines_that_are_not_audit_records(string line)
    {
        Assert.False(AuditRecordParser.TryParse(line, "shipper", out var r));
        Assert.Null(r);
    }

    [Theory]
    // Quoted is text even when it looks like hex (go-libaudit #13); unquoted in an encoded field is hex.
    [InlineData("type=EXECVE msg=audit(1732611486.123:40): argc=3 a0=\"useradd\" a1=\"-u\" a2=\"3005\"", "a2", "3005", AuditValueKind.Quoted, AuditFieldScope.Record)]
    [InlineData("type=EXECVE msg=audit(1732611486.123:40): argc=3 a0=\"useradd\" a1=\"-u\" a2=3005", "a2", "0\u0005", AuditValueKind.Hex, AuditFieldScope.Record)]
    [InlineData("type=EXECVE msg=audit(1732611486.123:40): argc=1 a0=top", "a0", "top", AuditValueKind.Bare, AuditFieldScope.Record)]
    [InlineData("type=SYSCALL msg=audit(1732611486.123:40): arch=c000003e syscall=59 a2=3005", "a2", "3005", AuditValueKind.Bare, AuditFieldScope.Record)]
    [InlineData("type=SYSCALL msg=audit(1732611486.123:40): exe=2F7573722F62696E2F6E632E6F70656E627364202864656C6574656429 key=(null)", "exe", "/usr/bin/nc.openbsd (deleted)", AuditValueKind.Hex, AuditFieldScope.Record)]
    [InlineData("type=SYSCALL msg=audit(1732611486.123:40): comm=\"(sd-pam)\" key=(null)", "key", null, AuditValueKind.Null, AuditFieldScope.Record)]
    [InlineData("type=SYSCALL msg=audit(1732611486.123:40): tty=(none) ses=4294967295", "tty", "(none)", AuditValueKind.Bare, AuditFieldScope.Record)]
    [InlineData("type=SYSCALL msg=audit(1732611486.123:40): key=\"delete\"\u001dARCH=x86_64 SYSCALL=unlink", "key", "delete", AuditValueKind.Quoted, AuditFieldScope.Record)]
    [InlineData("type=SYSCALL msg=audit(1732611486.123:40): key=\"delete\"\u001dARCH=x86_64 SYSCALL=unlink", "ARCH", "x86_64", AuditValueKind.Bare, AuditFieldScope.Enrichment)]
    [InlineData("type=SYSCALL msg=audit(1732611486.123:40): key=\"delete\" ARCH=x86_64 AUID=\"alice\"", "AUID", "alice", AuditValueKind.Quoted, AuditFieldScope.Enrichment)]
    [InlineData("type=SYSCALL msg=audit(1732611486.123:40): key=\"delete\"#035ARCH=x86_64 AUID=\"alice\"", "key", "delete", AuditValueKind.Quoted, AuditFieldScope.Record)]
    [InlineData("type=SYSCALL msg=audit(1732611486.123:40): key=(null)#035ARCH=x86_64 AUID=\"alice\"", "ARCH", "x86_64", AuditValueKind.Bare, AuditFieldScope.Enrichment)]
    [InlineData("type=SYSCALL msg=audit(1732611486.123:40): key=(null)ARCH=x86_64 AUID=\"alice\"", "key", null, AuditValueKind.Null, AuditFieldScope.Record)]
    [InlineData("type=SYSCALL msg=audit(1732611486.123:40): key=(null)ARCH=x86_64 AUID=\"alice\"", "ARCH", "x86_64", AuditValueKind.Bare, AuditFieldScope.Enrichment)]
    [InlineData("type=SYSCALL msg=audit(1732611486.123:40): key=\"wazuh_fim\"\\u001DARCH=x86_64", "ARCH", "x86_64", AuditValueKind.Bare, AuditFieldScope.Enrichment)]
    [InlineData("type=CWD msg=audit(1732611486.123:40): cwd=\"/srv/#035/x\"", "cwd", "/srv/#035/x", AuditValueKind.Quoted, AuditFieldScope.Record)]
    [InlineData("type=SYSCALL msg=audit(1732611486.123:40): tty=(none) ses=1", "tty", "(none)", AuditValueKind.Bare, AuditFieldScope.Record)]
    [InlineData("type=SYSCALL msg=audit(1732611486.123:40): key=6B6579206F6E65016B657932", "key", "key one,key2", AuditValueKind.Hex, AuditFieldScope.Record)]
    [InlineData("type=PROCTITLE msg=audit(1732611486.123:40): proctitle=6C73002D6C61002F746D70", "proctitle", "ls -la /tmp", AuditValueKind.Hex, AuditFieldScope.Record)]
    [InlineData("type=PROCTITLE msg=audit(1732611486.123:40): proctitle=\"bash\"", "proctitle", "bash", AuditValueKind.Quoted, AuditFieldScope.Record)]
    [InlineData("type=SYSCALL msg=audit(1732611486.123:40): subj==unconfined key=(null)", "subj", "=unconfined", AuditValueKind.Bare, AuditFieldScope.Record)]
    [InlineData("type=USER_CMD msg=audit(1732611486.123:40): pid=4410 uid=1001 auid=1001 ses=7 msg='cwd=\"/home/bob\" cmd=2F7573722F62696E2F73797374656D63746C2072657374617274206E67696E78 terminal=pts/1 res=success'", "cmd", "/usr/bin/systemctl restart nginx", AuditValueKind.Hex, AuditFieldScope.Message)]
    [InlineData("type=USER_CMD msg=audit(1732611486.123:40): pid=4410 uid=1001 auid=1001 ses=7 msg='cwd=\"/home/bob\" cmd=2F7573722F62696E2F73797374656D63746C2072657374617274206E67696E78 terminal=pts/1 res=success'", "res", "success", AuditValueKind.Bare, AuditFieldScope.Message)]
    [InlineData("type=USER_LOGIN msg=audit(1732611486.123:40): pid=900 uid=0 auid=4294967295 ses=4294967295 msg='op=login acct=616C69636520736D697468 exe=\"/usr/sbin/sshd\" hostname=? addr=10.0.0.9 terminal=sshd res=failed'", "acct", "alice smith", AuditValueKind.Hex, AuditFieldScope.Message)]
    [InlineData("type=USER_START msg=audit(1170000000.100:50): user pid=700 uid=0 auid=0 msg='PAM: session open acct=root : exe=\"/usr/sbin/crond\" (hostname=?, addr=?, terminal=cron res=success)'", "res", "success", AuditValueKind.Bare, AuditFieldScope.Message)]
    [InlineData("type=USER_START msg=audit(1170000000.100:50): user pid=700 uid=0 auid=0 msg='PAM: session open acct=root : exe=\"/usr/sbin/crond\" (hostname=?, addr=?, terminal=cron res=success)'", "hostname", "?", AuditValueKind.Bare, AuditFieldScope.Message)]
    [InlineData("type=USER_START msg=audit(1170000000.100:50): user pid=700 uid=0 auid=0 msg='PAM: session open acct=root : exe=\"/usr/sbin/crond\" (hostname=?, addr=?, terminal=cron res=success)'", "acct", "root", AuditValueKind.Bare, AuditFieldScope.Message)]
    [InlineData("type=USER_LOGIN msg=audit(1170000000.100:51): user pid=701 uid=0 auid=500 msg='uid=500: exe=\"/bin/login\" (hostname=?, addr=?, terminal=tty1 res=success)'", "terminal", "tty1", AuditValueKind.Bare, AuditFieldScope.Message)]
    [InlineData("type=ADD_GROUP msg=audit(1732611486.123:40): pid=5120 uid=0 auid=1001 ses=7 msg='op=adding group to /etc/group id=1005 exe=\"/usr/sbin/groupadd\" hostname=web-3 addr=? terminal=pts/1 res=success'", "op", "adding group to /etc/group", AuditValueKind.Bare, AuditFieldScope.Message)]
    [InlineData("type=ADD_GROUP msg=audit(1732611486.123:40): pid=5120 uid=0 auid=1001 ses=7 msg='op= id=1005 exe=\"/usr/sbin/groupadd\" res=success'", "op", "", AuditValueKind.Bare, AuditFieldScope.Message)]
    [InlineData("type=SOCKADDR msg=audit(1732611486.123:40): saddr=020001BB0A0102030000000000000000\u001dSADDR={ saddr_fam=inet laddr=10.1.2.3 lport=443 }", "SADDR", "saddr_fam=inet laddr=10.1.2.3 lport=443", AuditValueKind.Braced, AuditFieldScope.Enrichment)]
    [InlineData("type=SYSCALL msg=audit(1732611486.123:40): gid=1200\u001dGID=646576656C6F70657273207465616D", "GID", "developers team", AuditValueKind.Hex, AuditFieldScope.Enrichment)]
    [InlineData("type=TTY msg=audit(1732611486.123:40): tty pid=31 uid=1000 auid=1000 ses=2 major=136 minor=1 comm=\"bash\" data=6C730D7F0D", "data", "ls\r\u007f\r", AuditValueKind.Hex, AuditFieldScope.Record)]
    [InlineData("type=SYSCALL msg=audit(1732611486.123:40): key=6578656301363462697422", "key", "exec,64bit\"", AuditValueKind.Hex, AuditFieldScope.Record)]
    [InlineData("type=SYSCALL msg=audit(1732611486.123:40): key=65786563013634626974\"", "key", "exec,64bit", AuditValueKind.Hex, AuditFieldScope.Record)]
    public void Decodes_fields_as_the_kernel_means_them(string line, string name, string? value, AuditValueKind kind, AuditFieldScope scope)
    {
        Assert.True(AuditRecordParser.TryParse(line, "h", out var r));
        var field = Assert.Single(r.Fields, f => f.Name == name);
        Assert.Equal(value, field.Value);
        Assert.Equal(kind, field.Kind);
        Assert.Equal(scope, field.Scope);
    }

    [Fact]
    public void Keeps_field_order_and_raw_values()
    {
        const string line = "type=PATH msg=audit(1732611486.123:40): item=1 name=2F686F6D652F626F622F6D7920646972 inode=3932 dev=fd:01 mode=040755 ouid=1001 ogid=1001 rdev=00:00 nametype=PARENT";
        Assert.True(AuditRecordParser.TryParse(line, "h", out var r));
        Assert.Equal(["item", "name", "inode", "dev", "mode", "ouid", "ogid", "rdev", "nametype"], r.Fields.Select(f => f.Name));
        Assert.Equal("/home/bob/my dir", r.Get("name"));
        Assert.Equal("2F686F6D652F626F622F6D7920646972", r.Fields[1].Raw);
        Assert.Equal("040755", r.Get("mode"));
    }

    [Theory]
    [InlineData("type=LOGIN msg=audit(1300000000.500:60): login pid=2100 uid=0 old auid=4294967295 new auid=500", "old-auid=4294967295 auid=500")]
    [InlineData("type=LOGIN msg=audit(1300000000.500:61): pid=2100 uid=0 old auid=500 new auid=500 old ses=12 new ses=13", "old-auid=500 auid=500 old-ses=12 ses=13")]
    [InlineData("type=LOGIN msg=audit(1700000000.500:62): pid=2100 uid=0 subj=unconfined old-auid=4294967295 auid=1001 tty=(none) old-ses=4294967295 ses=44 res=1", "old-auid=4294967295 auid=1001 old-ses=4294967295 ses=44")]
    public void Reads_old_and_new_login_spellings_with_the_same_names(string line, string expected)
    {
        Assert.True(AuditRecordParser.TryParse(line, "h", out var r));
        var got = string.Join(' ', r.Fields.Where(f => f.Name.Contains("auid", StringComparison.Ordinal) || f.Name.Contains("ses", StringComparison.Ordinal)).Select(f => $"{f.Name}={f.Value}"));
        Assert.Equal(expected, got);
    }

    [Fact]
    public void Reads_selinux_avc_prose_as_auparse_does()
    {
        const string line = "type=AVC msg=audit(1300000000.500:70): avc:  denied  { read write } for  pid=901 comm=\"httpd\" name=\"index.html\" dev=sda1 ino=1234 scontext=system_u:system_r:httpd_t:s0 tcontext=unconfined_u:object_r:user_home_t:s0 tclass=file";
        Assert.True(AuditRecordParser.TryParse(line, "h", out var r));
        Assert.Equal("denied", r.Get("seresult"));
        Assert.Equal("read,write", r.Get("seperms"));
        Assert.Equal("901", r.Get("pid"));
        Assert.Equal("file", r.Get("tclass"));
    }

    [Fact]
    public void Splits_a_line_of_joined_records()
    {
        const string line = "type=SYSCALL msg=audit(1732611486.123:40): arch=c000003e syscall=59 key=\"exec\" type=EXECVE msg=audit(1732611486.123:40): argc=2 a0=\"ls\" a1=\"-l\" type=CWD msg=audit(1732611486.123:40):  cwd=\"/tmp\"";
        var records = new List<AuditRecord>();
        Assert.Equal(3, AuditRecordParser.ParseAll(line, "h", records));
        Assert.Equal(["SYSCALL", "EXECVE", "CWD"], records.Select(r => r.Type));
        Assert.Equal("exec", records[0].Get("key"));
        Assert.Null(records[0].Get("argc"));
        Assert.Equal("-l", records[1].Get("a1"));
        Assert.Equal("/tmp", records[2].Get("cwd"));
    }

    [Theory]
    [InlineData("node=db-1 type=SYSCALL msg=audit(1732611486.123:40): arch=c000003e syscall=59 comm=\"psql\" key=(null)\u001dARCH=x86_64 SYSCALL=execve AUID=\"carol\"")]
    [InlineData("type=USER_CMD msg=audit(1732611486.123:41): pid=4410 uid=1001 auid=1001 ses=7 msg='cwd=\"/\" cmd=6C73 terminal=pts/1 res=success'")]
    [InlineData("type=1400 audit(1732611486.300:4031): apparmor=\"DENIED\"")]
    public void Round_trips_through_its_text(string line)
    {
        Assert.True(AuditRecordParser.TryParse(line, "shipper", out var r));
        Assert.True(AuditRecordParser.TryParse(r.Text, r.Host, out var again));
        Assert.Equal(r, again);
        Assert.Equal(r.Fields, again.Fields);
        Assert.Equal(r.Type, again.Type);
    }

    [Fact]
    public void Formats_the_event_id_as_auditd_writes_it()
    {
        Assert.True(AuditRecordParser.TryParse("type=EOE msg=audit(1732611486.007:40):", "h", out var r));
        Assert.Equal("1732611486.007:40", r.EventId);
    }
}
