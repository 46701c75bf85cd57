using Audit.Domain.Auditd;
using Audit.Domain.Events;
using static Audit.Tests.Domain.Auditd.AuditFixtures;

namespace Audit.Tests.Domain.Auditd;

public sealed class AssembledAuditEventTests
{
    private static AssembledAuditEvent One(IEnumerable<string> lines, AuditNameLookup? names = null)
    {
        var result = new AuditEventAssembler(names: names).Assemble(Pending(lines, T0), T0.AddMinutes(1));
        return Assert.Single(result.Events);
    }

    [Fact]
    public void Models_an_execution_after_sudo_with_the_login_user_behind_it()
    {
        var e = One(SudoExecve, (host, kind, id) => (host, kind, id) switch
        {
            ("web-3", AuditIdKind.User, 1001) => "bob",
            ("web-3", AuditIdKind.User, 0) => "root",
            ("web-3", AuditIdKind.Group, 0) => "root",
            _ => null,
        });

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1732611486123), e.OccurredAt);
        Assert.Equal("web-3", e.Host);
        Assert.Null(e.Node);
        Assert.Equal(4021, e.Serial);
        Assert.Equal("1732611486.123:4021", e.EventId);
        Assert.Equal("SYSCALL", e.Type);
        Assert.Equal("x86_64", e.Arch);
        Assert.Equal(59, e.SyscallNumber);
        Assert.Equal("execve", e.Syscall);
        Assert.True(e.Success);
        Assert.Equal(0, e.Exit);
        Assert.Null(e.ExitErrno);
        Assert.Equal((1001L, 0L, 0L, 0L, 0L), (e.Auid!.Value, e.Uid!.Value, e.Euid!.Value, e.Suid!.Value, e.Fsuid!.Value));
        Assert.Equal((0L, 0L, 0L, 0L), (e.Gid!.Value, e.Egid!.Value, e.Sgid!.Value, e.Fsgid!.Value));
        Assert.Equal(("bob", "root", "root", "root", "root"), (e.LoginUser, e.User, e.EffectiveUser, e.Group, e.EffectiveGroup));
        Assert.Equal(7, e.Session);
        Assert.Equal((4415, 4410), (e.Pid!.Value, e.Ppid!.Value));
        Assert.Equal(("systemctl", "/usr/bin/systemctl"), (e.Comm, e.Exe));
        Assert.Equal("privileged-exec", e.Key);
        Assert.Equal(["privileged-exec"], e.Keys);
        Assert.Equal("pts1", e.Tty);
        Assert.Equal("/home/bob", e.Cwd);
        Assert.Equal(["systemctl", "restart", "nginx"], e.Argv);
        Assert.Equal(3, e.Argc);
        Assert.False(e.ArgvIncomplete);
        Assert.Equal("systemctl restart nginx", e.Proctitle);
        Assert.Equal("unconfined", e.Subject);
        Assert.True(e.IsExecution);
        Assert.Null(e.Sudo);
        Assert.Null(e.Login);

        var exe = e.Paths[0];
        Assert.Equal((0, "/usr/bin/systemctl", "NORMAL", 1049731L, "fd:01", "0100755"), (exe.Item!.Value, exe.Name, exe.NameType, exe.Inode!.Value, exe.Device, exe.Mode));
        Assert.Equal((0L, 0L, "root", "root"), (exe.Ouid!.Value, exe.Ogid!.Value, exe.Owner, exe.OwnerGroup));
        Assert.Equal("/lib64/ld-linux-x86-64.so.2", e.Paths[1].Name);
    }

    [Theory]
    [InlineData("uid", "0")]
    [InlineData("auid", "1001")]
    [InlineData("exe", "/usr/bin/systemctl")]
    [InlineData("key", "privileged-exec")]
    [InlineData("a0", "55d0c2a1b2c0")]
    [InlineData("execve.argc", "3")]
    [InlineData("execve.a2", "nginx")]
    [InlineData("cwd.cwd", "/home/bob")]
    [InlineData("path[0].name", "/usr/bin/systemctl")]
    [InlineData("path[1].inode", "1048602")]
    [InlineData("proctitle.proctitle", "systemctl restart nginx")]
    public void Flattens_every_decoded_field_into_one_map(string key, string value)
    {
        var e = One(SudoExecve);
        Assert.Equal(value, e.Fields[key]);
        Assert.DoesNotContain(e.Fields.Keys, k => k.StartsWith("eoe", StringComparison.Ordinal));
    }

    [Fact]
    public void Leaves_names_empty_for_raw_records_without_a_lookup()
    {
        var e = One(SudoExecve);
        Assert.Equal(1001, e.Auid);
        Assert.Null(e.LoginUser);
        Assert.Null(e.User);
        Assert.Null(e.Paths[0].Owner);
    }

    [Fact]
    public void Takes_names_and_socket_address_from_an_enriched_connect()
    {
        var e = One(EnrichedConnect, (_, _, _) => "lookup-should-not-win");
        Assert.Equal(("web-3", "web-3"), (e.Host, e.Node));
        Assert.Equal(("bob", "bob", "bob", "bob", "bob"), (e.LoginUser, e.User, e.EffectiveUser, e.Group, e.EffectiveGroup));
        Assert.Equal("connect", e.Syscall);
        Assert.False(e.Success);
        Assert.Equal(-115, e.Exit);
        Assert.Equal("EINPROGRESS", e.ExitErrno);
        Assert.Null(e.Key);
        Assert.Empty(e.Keys);
        Assert.False(e.IsExecution);
        Assert.Equal(new AuditSockaddr("inet", "93.184.216.34", 443, null, "020001BB5DB8D8220000000000000000"), e.Sockaddr);
        Assert.Equal("curl -s https://example.org/", e.Proctitle);
        Assert.Equal("bob", e.Fields["AUID"]);
        Assert.Equal("saddr_fam=inet laddr=93.184.216.34 lport=443", e.Fields["sockaddr.SADDR"]);
    }

    [Fact]
    public void Joins_long_arguments_split_over_records_and_notes_missing_ones()
    {
        // "python3 -c 'import os; print(os.getuid())' <a3 lost>": a2 split in hex pieces over two EXECVE records.
        string[] lines =
        [
            "type=SYSCALL msg=audit(1732611500.000:5000): arch=c000003e syscall=59 success=yes exit=0 items=2 ppid=1 pid=2 auid=1001 uid=1001 ses=7 comm=\"python3\" exe=\"/usr/bin/python3.12\" key=(null)",
            "type=EXECVE msg=audit(1732611500.000:5000): argc=4 a0=\"python3\" a1=\"-c\" a2_len=27 a2[0]=696D706F7274206F733B207072",
            "type=EXECVE msg=audit(1732611500.000:5000):  a2[1]=696E74286F732E676574756964282929",
            "type=PATH msg=audit(1732611500.000:5000): item=0 name=\"/usr/bin/python3\" inode=5 dev=fd:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL",
            "type=PATH msg=audit(1732611500.000:5000): item=1 name=\"/lib64/ld-linux-x86-64.so.2\" inode=6 dev=fd:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL",
            "type=EOE msg=audit(1732611500.000:5000): ",
        ];
        var result = new AuditEventAssembler().Assemble(Pending(lines, T0), T0);
        Assert.Empty(result.Events); // argc=4 but a3 never came: EOE is not trusted yet

        var e = Assert.Single(new AuditEventAssembler().Assemble(result.Pending, T0.AddSeconds(5)).Events);
        Assert.Equal(["python3", "-c", "import os; print(os.getuid())"], e.Argv);
        Assert.Equal(4, e.Argc);
        Assert.True(e.ArgvIncomplete);
        Assert.Contains("argc=4 but 3 arguments", e.Anomalies);
        Assert.Equal("import os; print(os.getuid())", e.Fields["execve.a2"]);
        Assert.DoesNotContain("execve.a2[0]", e.Fields.Keys);
    }

    [Fact]
    public void Decodes_hex_arguments_but_keeps_quoted_digits_as_text()
    {
        string[] lines =
        [
            "type=SYSCALL msg=audit(1732611500.100:5001): arch=c000003e syscall=59 success=yes exit=0 items=0 pid=3 auid=0 uid=0 ses=1 comm=\"useradd\" exe=\"/usr/sbin/useradd\" key=(null)",
            "type=EXECVE msg=audit(1732611500.100:5001): argc=5 a0=\"useradd\" a1=\"-u\" a2=\"3005\" a3=\"-c\" a4=6563686F202271756F7465642061726722",
            "type=EOE msg=audit(1732611500.100:5001): ",
        ];
        var e = One(lines);
        Assert.Equal(["useradd", "-u", "3005", "-c", "echo \"quoted arg\""], e.Argv);
    }

    [Fact]
    public void Turns_USER_CMD_into_a_sudo_use_with_the_login_user()
    {
        const string line = "type=USER_CMD msg=audit(1732611486.100:4019): pid=4410 uid=1001 auid=1001 ses=7 subj=unconfined msg='cwd=\"/home/bob\" cmd=2F7573722F62696E2F73797374656D63746C2072657374617274206E67696E78 exe=\"/usr/bin/sudo\" terminal=pts/1 res=success'\u001dUID=\"bob\" AUID=\"bob\"";
        var e = One([line]);
        Assert.Equal("USER_CMD", e.Type);
        Assert.Equal("/usr/bin/systemctl restart nginx", e.Command);
        var sudo = e.Sudo!;
        Assert.Equal(new SudoCommand(e.OccurredAt, "web-3", "bob", null, null, "/usr/bin/systemctl restart nginx", "/home/bob", "pts/1",
            SudoOutcome.Allowed, null, null, "auditd", 4410, "bob", 1001, 7), sudo);
    }

    [Fact]
    public void Marks_a_refused_sudo_command_as_denied()
    {
        const string line = "type=USER_CMD msg=audit(1732611486.100:4019): pid=4410 uid=1002 auid=1002 ses=9 msg='cwd=\"/\" cmd=\"passwd\" exe=\"/usr/bin/sudo\" terminal=? res=failed'";
        var sudo = One([line]).Sudo!;
        Assert.Equal(SudoOutcome.Denied, sudo.Outcome);
        Assert.Equal("1002", sudo.User);
        Assert.Null(sudo.Tty);
        Assert.Equal("passwd", sudo.Command);
    }

    [Fact]
    public void Exposes_LOGIN_as_a_typed_event_tying_a_pid_to_auid_and_session()
    {
        string[] lines =
        [
            "type=LOGIN msg=audit(1732611399.900:3985): pid=4400 uid=0 subj=unconfined old-auid=4294967295 auid=1001 tty=(none) old-ses=4294967295 ses=7 res=1\u001dUID=\"root\" OLD-AUID=\"unset\" AUID=\"bob\"",
            "type=SYSCALL msg=audit(1732611399.900:3985): arch=c00000b7 syscall=64 success=yes exit=4 a0=8 a1=ffffd0c0 a2=4 a3=0 items=0 ppid=812 pid=4400 auid=1001 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=7 comm=\"sshd\" exe=\"/usr/sbin/sshd\" subj=unconfined key=(null)",
            "type=EOE msg=audit(1732611399.900:3985): ",
        ];
        var e = One(lines);
        Assert.Equal("LOGIN", e.Type);
        Assert.Equal(("aarch64", "write"), (e.Arch, e.Syscall));
        Assert.Equal(new AuditLogin(e.OccurredAt, "web-3", 3985, 4400, 0, null, 1001, null, 7, null, true, "bob"), e.Login);
        Assert.Equal("4294967295", e.Fields["login.old-auid"]);
    }

    [Fact]
    public void Reads_a_RHEL6_login_with_spaced_old_and_new_fields()
    {
        var e = One(["type=LOGIN msg=audit(1300000000.500:61): pid=2100 uid=0 old auid=500 new auid=500 old ses=12 new ses=13"]);
        Assert.Equal(new AuditLogin(e.OccurredAt, "web-3", 61, 2100, 0, 500, 500, 12, 13, null, null, null), e.Login);
    }

    [Theory]
    [InlineData("type=USER_LOGIN msg=audit(1732611400.010:3990): pid=4400 uid=0 auid=1001 ses=7 msg='op=login id=1001 exe=\"/usr/sbin/sshd\" hostname=10.0.0.5 addr=10.0.0.5 terminal=/dev/pts/1 res=success'",
        "USER_LOGIN", "login", null, 1001L, "10.0.0.5", "10.0.0.5", "/dev/pts/1", "/usr/sbin/sshd", "success", true)]
    [InlineData("type=USER_LOGIN msg=audit(1732611300.010:3900): pid=4300 uid=0 auid=4294967295 ses=4294967295 msg='op=login acct=\"(invalid user)\" exe=\"/usr/sbin/sshd\" hostname=? addr=203.0.113.7 terminal=sshd res=failed'",
        "USER_LOGIN", "login", "(invalid user)", null, "203.0.113.7", null, "sshd", "/usr/sbin/sshd", "failed", false)]
    [InlineData("type=USER_START msg=audit(1732611400.020:3991): pid=4400 uid=0 auid=1001 ses=7 msg='op=PAM:session_open grantors=pam_selinux,pam_loginuid,pam_unix acct=\"bob\" exe=\"/usr/sbin/sshd\" hostname=10.0.0.5 addr=10.0.0.5 terminal=ssh res=success'",
        "USER_START", "PAM:session_open", "bob", null, "10.0.0.5", "10.0.0.5", "ssh", "/usr/sbin/sshd", "success", true)]
    [InlineData("type=USER_AUTH msg=audit(1732611486.050:4018): pid=4410 uid=1001 auid=1001 ses=7 msg='op=PAM:authentication grantors=? acct=\"bob\" exe=\"/usr/bin/sudo\" hostname=? addr=? terminal=/dev/pts/1 res=failed'",
        "USER_AUTH", "PAM:authentication", "bob", null, null, null, "/dev/pts/1", "/usr/bin/sudo", "failed", false)]
    [InlineData("type=ADD_USER msg=audit(1732611600.000:4200): pid=5130 uid=0 auid=1001 ses=7 msg='op=add-user id=1005 exe=\"/usr/sbin/useradd\" hostname=web-3 addr=? terminal=pts/1 res=success'",
        "ADD_USER", "add-user", null, 1005L, null, "web-3", "pts/1", "/usr/sbin/useradd", "success", true)]
    [InlineData("type=USER_CHAUTHTOK msg=audit(1732611610.000:4210): pid=5140 uid=0 auid=1001 ses=7 msg='op=PAM:chauthtok acct=\"dave\" exe=\"/usr/bin/passwd\" hostname=web-3 addr=? terminal=pts/1 res=success'",
        "USER_CHAUTHTOK", "PAM:chauthtok", "dave", null, null, "web-3", "pts/1", "/usr/bin/passwd", "success", true)]
    public void Exposes_the_fields_of_user_space_records(string line, string type, string op, string? acct, long? accountId, string? addr, string? hostname, string? terminal, string exe, string res, bool success)
    {
        var e = One([line]);
        Assert.Equal(type, e.Type);
        Assert.Equal(op, e.Op);
        Assert.Equal(acct, e.Acct);
        Assert.Equal(accountId, e.AccountId);
        Assert.Equal(addr, e.Addr);
        Assert.Equal(hostname, e.Hostname);
        Assert.Equal(terminal, e.Terminal);
        Assert.Equal(exe, e.Exe);
        Assert.Equal(res, e.Result);
        Assert.Equal(success, e.Success);
        Assert.False(e.IsExecution);
    }

    [Fact]
    public void Keeps_a_repeated_name_inside_msg_apart_from_the_outer_one()
    {
        var e = One(["type=USER_ACCT msg=audit(1732611620.000:4220): pid=5150 uid=0 auid=1001 ses=7 msg='pam_tally2 uid=1005 reset=0 exe=\"/sbin/pam_tally2\" hostname=web-3 addr=? terminal=/dev/pts/1 res=success'"]);
        Assert.Equal(0, e.Uid);
        Assert.Equal("0", e.Fields["uid"]);
        Assert.Equal("1005", e.Fields["msg.uid"]);
    }

    [Theory]
    [InlineData("arch=40000003 syscall=11", "i386", "execve", true)]
    [InlineData("arch=c00000b7 syscall=221", "aarch64", "execve", true)]
    [InlineData("arch=c00000b7 syscall=281", "aarch64", "execveat", true)]
    [InlineData("arch=c000003e syscall=322", "x86_64", "execveat", true)]
    [InlineData("arch=c000003e syscall=257", "x86_64", "openat", false)]
    [InlineData("arch=c00000b7 syscall=56", "aarch64", "openat", false)]
    [InlineData("arch=c000003e syscall=42", "x86_64", "connect", false)]
    [InlineData("arch=80000016 syscall=11", "s390x", "11", false)]
    public void Names_syscalls_per_architecture(string archAndSyscall, string arch, string syscall, bool execution)
    {
        var e = One([$"type=SYSCALL msg=audit(1732611700.000:4300): {archAndSyscall} success=yes exit=0 items=0 pid=9 auid=1001 uid=1001 ses=7 key=(null)"]);
        Assert.Equal((arch, syscall, execution), (e.Arch, e.Syscall, e.IsExecution));
    }

    [Fact]
    public void Keeps_every_key_of_a_multi_key_rule()
    {
        var e = One(["type=SYSCALL msg=audit(1732611700.000:4301): arch=c000003e syscall=59 success=yes exit=0 items=0 pid=9 auid=1001 uid=0 ses=7 comm=\"id\" exe=\"/usr/bin/id\" key=65786563013634626974"]);
        Assert.Equal(["exec", "64bit"], e.Keys);
        Assert.Equal("exec", e.Key);
    }

    [Theory]
    [InlineData("4294967295", null)]
    [InlineData("-1", null)]
    [InlineData("0", 0L)]
    [InlineData("4294967294", 4294967294L)]
    public void Reads_unset_ids_as_null(string auid, long? expected)
    {
        var e = One([$"type=SYSCALL msg=audit(1732611700.000:4302): arch=c000003e syscall=1 success=yes exit=1 items=0 pid=9 auid={auid} uid=0 ses={auid} key=(null)"]);
        Assert.Equal(expected, e.Auid);
        Assert.Equal(expected, e.Session);
    }
}
