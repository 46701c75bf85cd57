using Audit.Domain.Auditd;

namespace Audit.Tests.Domain.Auditd;

/// <summary>Hand-written audit.log lines (realistic shapes, invented values) shared by the auditd tests.</summary>
internal static class AuditFixtures
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 26, 13, 0, 0, TimeSpan.Zero);

    /// <summary>bob ran <c>sudo systemctl restart nginx</c>: the execve as root, auid still bob (1001).</summary>
    public static readonly string[] SudoExecve =
    [
        "type=SYSCALL msg=audit(1732611486.123:4021): arch=c000003e syscall=59 success=yes exit=0 a0=55d0c2a1b2c0 a1=55d0c2a1b350 a2=55d0c2a1b3e0 a3=7ffc1a2b3c40 items=2 ppid=4410 pid=4415 auid=1001 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts1 ses=7 comm=\"systemctl\" exe=\"/usr/bin/systemctl\" subj=unconfined key=\"privileged-exec\"",
        "type=EXECVE msg=audit(1732611486.123:4021): argc=3 a0=\"systemctl\" a1=\"restart\" a2=\"nginx\"",
        "type=CWD msg=audit(1732611486.123:4021): cwd=\"/home/bob\"",
        "type=PATH msg=audit(1732611486.123:4021): item=0 name=\"/usr/bin/systemctl\" inode=1049731 dev=fd:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0",
        "type=PATH msg=audit(1732611486.123:4021): item=1 name=\"/lib64/ld-linux-x86-64.so.2\" inode=1048602 dev=fd:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0",
        "type=PROCTITLE msg=audit(1732611486.123:4021): proctitle=73797374656D63746C0072657374617274006E67696E78",
        "type=EOE msg=audit(1732611486.123:4021): ",
    ];

    /// <summary>A connect() by curl to 93.184.216.34:443, ENRICHED, from node web-3.</summary>
    public static readonly string[] EnrichedConnect =
    [
        "node=web-3 type=SYSCALL msg=audit(1732611490.551:4100): arch=c000003e syscall=42 success=no exit=-115 a0=5 a1=7ffd2c0b1a30 a2=10 a3=0 items=0 ppid=4410 pid=4477 auid=1001 uid=1001 gid=1001 euid=1001 suid=1001 fsuid=1001 egid=1001 sgid=1001 fsgid=1001 tty=pts1 ses=7 comm=\"curl\" exe=\"/usr/bin/curl\" subj=unconfined key=(null)\u001dARCH=x86_64 SYSCALL=connect AUID=\"bob\" UID=\"bob\" GID=\"bob\" EUID=\"bob\" SUID=\"bob\" FSUID=\"bob\" EGID=\"bob\" SGID=\"bob\" FSGID=\"bob\"",
        "node=web-3 type=SOCKADDR msg=audit(1732611490.551:4100): saddr=020001BB5DB8D8220000000000000000\u001dSADDR={ saddr_fam=inet laddr=93.184.216.34 lport=443 }",
        "node=web-3 type=PROCTITLE msg=audit(1732611490.551:4100): proctitle=6375726C002D730068747470733A2F2F6578616D706C652E6F72672F",
        "node=web-3 type=EOE msg=audit(1732611490.551:4100): ",
    ];

    public static PendingAuditRecord Pending(long id, string line, DateTimeOffset arrivedAt, string host = "web-3")
    {
        Assert.True(AuditRecordParser.TryParse(line, host, out var r), line);
        return new PendingAuditRecord(id, r, arrivedAt);
    }

    public static List<PendingAuditRecord> Pending(IEnumerable<string> lines, DateTimeOffset arrivedAt, long firstId = 1, string host = "web-3") =>
        lines.Select((l, i) => Pending(firstId + i, l, arrivedAt, host)).ToList();
}
