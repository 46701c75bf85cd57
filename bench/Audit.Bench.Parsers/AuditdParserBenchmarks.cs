using Audit.Domain.Auditd;
using BenchmarkDotNet.Attributes;

namespace Audit.Bench.Parsers;

/// <summary>auditd record parsing per record type, field decoding, and assembling one execve event.</summary>
[MemoryDiagnoser]
public class AuditdParserBenchmarks
{
    private const string Syscall = "type=SYSCALL msg=audit(1732611486.123:4021): arch=c000003e syscall=59 success=yes exit=0 a0=55d0c2a1b2c0 a1=55d0c2a1b350 a2=55d0c2a1b3e0 a3=7ffc1a2b3c40 items=2 ppid=4410 pid=4415 auid=1001 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts1 ses=7 comm=\"systemctl\" exe=\"/usr/bin/systemctl\" subj=unconfined key=\"privileged-exec\"";
    private const string ExecveHex = "type=EXECVE msg=audit(1732611486.123:4021): argc=3 a0=\"sh\" a1=\"-c\" a2=6563686F202271756F7465642061726722207C20746565202F746D702F6F7574";
    private const string Cwd = "type=CWD msg=audit(1732611486.123:4021): cwd=\"/home/bob\"";
    private const string Path0 = "type=PATH msg=audit(1732611486.123:4021): item=0 name=\"/usr/bin/systemctl\" inode=1049731 dev=fd:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0";
    private const string Path1 = "type=PATH msg=audit(1732611486.123:4021): item=1 name=\"/lib64/ld-linux-x86-64.so.2\" inode=1048602 dev=fd:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0";
    private const string Proctitle = "type=PROCTITLE msg=audit(1732611486.123:4021): proctitle=7368002D63006563686F202271756F7465642061726722207C20746565202F746D702F6F7574";
    private const string Eoe = "type=EOE msg=audit(1732611486.123:4021): ";
    private const string UserCmd = "type=USER_CMD msg=audit(1732611486.100:4019): pid=4410 uid=1001 auid=1001 ses=7 subj=unconfined msg='cwd=\"/home/bob\" cmd=2F7573722F62696E2F73797374656D63746C2072657374617274206E67696E78 exe=\"/usr/bin/sudo\" terminal=pts/1 res=success'";

    private readonly AuditEventAssembler _assembler = new();
    private readonly DateTimeOffset _now = DateTimeOffset.FromUnixTimeMilliseconds(1732611486123);
    private PendingAuditRecord[] _event = [];
    private AuditRecord _syscallRecord = null!;

    [GlobalSetup]
    public void Setup()
    {
        _event = new[] { Syscall, ExecveHex, Cwd, Path0, Path1, Proctitle, Eoe }
            .Select((l, i) => AuditRecordParser.TryParse(l, "web-3", out var r) ? new PendingAuditRecord(i, r, _now) : throw new InvalidOperationException(l))
            .ToArray();
        _syscallRecord = _event[0].Record;
    }

    [Benchmark]
    public AuditRecord? ParseSyscall() => Parse(Syscall);

    [Benchmark]
    public AuditRecord? ParseExecveHexArgs() => Parse(ExecveHex);

    [Benchmark]
    public AuditRecord? ParsePath() => Parse(Path0);

    [Benchmark]
    public AuditRecord? ParseProctitle() => Parse(Proctitle);

    [Benchmark]
    public AuditRecord? ParseUserCmd() => Parse(UserCmd);

    /// <summary>Reading every field of a parsed SYSCALL record (names interned, values decoded).</summary>
    [Benchmark]
    public int DecodeSyscallFields() => _syscallRecord.Fields.Count;

    /// <summary>SYSCALL, EXECVE (hex arg), CWD, 2×PATH, PROCTITLE + EOE, already parsed, into one event.</summary>
    [Benchmark]
    public int AssembleExecveEvent() => _assembler.Assemble(_event, _now).Events.Count;

    /// <summary>The same event from its seven lines: parse and assemble.</summary>
    [Benchmark]
    public int ParseAndAssembleExecveEvent()
    {
        var records = new PendingAuditRecord[7];
        var lines = new[] { Syscall, ExecveHex, Cwd, Path0, Path1, Proctitle, Eoe };
        for (var i = 0; i < lines.Length; i++) records[i] = new PendingAuditRecord(i, Parse(lines[i])!, _now);
        return _assembler.Assemble(records, _now).Events.Count;
    }

    private static AuditRecord? Parse(string line) => AuditRecordParser.TryParse(line, "web-3", out var r) ? r : null;
}
