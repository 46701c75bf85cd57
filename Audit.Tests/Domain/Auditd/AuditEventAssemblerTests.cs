using Audit.Domain.Auditd;
using static Audit.Tests.Domain.Auditd.AuditFixtures;

namespace Audit.Tests.Domain.Auditd;

public sealed class AuditEventAssemblerTests
{
    private readonly AuditEventAssembler _assembler = new();

    [Fact]
    public void Emits_an_event_when_its_EOE_arrives()
    {
        var result = _assembler.Assemble(Pending(SudoExecve, T0), T0);
        var e = Assert.Single(result.Events);
        Assert.Empty(result.Pending);
        Assert.Equal(AuditEventCompletion.EndOfEvent, e.Completion);
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7], e.RawLineIds);
        Assert.Equal(["SYSCALL", "EXECVE", "CWD", "PATH", "PROCTITLE"], e.RecordTypes);
        Assert.Empty(e.Anomalies);
    }

    [Fact]
    public void Waits_for_records_that_arrive_out_of_order_in_a_later_batch()
    {
        // Batch 1 has the tail of the event (EOE included) but not its SYSCALL: EOE alone is not trusted.
        var all = Pending(SudoExecve, T0);
        var first = _assembler.Assemble([all[5], all[4], all[6]], T0);
        Assert.Empty(first.Events);
        Assert.Equal([6L, 5, 7], first.Pending.Select(p => p.RawLineId));

        // The caller persists the pending records as (id, host, text, arrival) and restores them.
        var restored = first.Pending.Select(p => PendingAuditRecord.Restore(p.RawLineId, p.Record.Host, p.Record.Text, p.ArrivedAt)!).ToList();
        var second = _assembler.Assemble([.. restored, all[1], all[0], all[3], all[2]], T0.AddSeconds(1));

        var e = Assert.Single(second.Events);
        Assert.Empty(second.Pending);
        Assert.Equal(AuditEventCompletion.EndOfEvent, e.Completion);
        Assert.Equal(1L, e.RawLineIds[0]); // the SYSCALL leads, whatever the arrival order
        Assert.Equal([1L, 6, 5, 7, 2, 4, 3], e.RawLineIds);
        Assert.Equal(["systemctl", "restart", "nginx"], e.Argv);
        Assert.Equal(2, e.Paths.Count);
    }

    [Fact]
    public void Waits_when_EOE_came_but_PATH_items_are_missing()
    {
        var all = Pending(SudoExecve, T0);
        var result = _assembler.Assemble(all.Where(p => p.RawLineId != 5), T0);
        Assert.Empty(result.Events);
        Assert.Equal(6, result.Pending.Count);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2.9, 0)]
    [InlineData(3, 1)]
    [InlineData(60, 1)]
    public void Emits_an_event_without_EOE_after_the_quiet_window(double secondsLater, int expectedEvents)
    {
        var records = Pending(SudoExecve.Take(6), T0);
        var result = _assembler.Assemble(records, T0.AddSeconds(secondsLater));
        Assert.Equal(expectedEvents, result.Events.Count);
        Assert.Equal(expectedEvents == 0 ? 6 : 0, result.Pending.Count);
        if (expectedEvents == 1)
        {
            Assert.Equal(AuditEventCompletion.QuietWindow, result.Events[0].Completion);
            Assert.Contains("no EOE", result.Events[0].Anomalies);
            Assert.Equal(["systemctl", "restart", "nginx"], result.Events[0].Argv);
        }
    }

    [Fact]
    public void Emits_an_event_without_EOE_once_the_hosts_stream_moved_on()
    {
        var records = Pending(SudoExecve.Take(6), T0);
        records.Add(Pending(99, "type=SYSCALL msg=audit(1732611489.000:4090): arch=c000003e syscall=2 success=yes exit=3 items=1 pid=77 auid=1001 uid=1001 ses=7", T0));
        var result = _assembler.Assemble(records, T0);
        var e = Assert.Single(result.Events);
        Assert.Equal(AuditEventCompletion.StreamAdvanced, e.Completion);
        Assert.Equal(4021, e.Serial);
        Assert.Equal([99L], result.Pending.Select(p => p.RawLineId));
    }

    [Fact]
    public void Treats_a_rolled_over_serial_as_a_new_event()
    {
        string[] lines =
        [
            "type=SYSCALL msg=audit(1732611486.900:4294967295): arch=c000003e syscall=59 success=yes exit=0 items=0 pid=10 auid=1001 uid=1001 ses=7 comm=\"id\" exe=\"/usr/bin/id\" key=(null)",
            "type=EOE msg=audit(1732611486.900:4294967295): ",
            "type=SYSCALL msg=audit(1732611486.900:0): arch=c000003e syscall=59 success=yes exit=0 items=0 pid=11 auid=1001 uid=1001 ses=7 comm=\"whoami\" exe=\"/usr/bin/whoami\" key=(null)",
            "type=EOE msg=audit(1732611486.900:0): ",
            "type=SYSCALL msg=audit(1732611486.901:1): arch=c000003e syscall=59 success=yes exit=0 items=0 pid=12 auid=1001 uid=1001 ses=7 comm=\"date\" exe=\"/usr/bin/date\" key=(null)",
            "type=EOE msg=audit(1732611486.901:1): ",
        ];
        var result = _assembler.Assemble(Pending(lines, T0), T0);
        Assert.Equal([4294967295L, 0, 1], result.Events.Select(e => e.Serial));
        Assert.Equal(["id", "whoami", "date"], result.Events.Select(e => e.Comm));
    }

    [Fact]
    public void Drops_exact_duplicate_records_and_keeps_their_line_ids()
    {
        var records = Pending(SudoExecve, T0);
        records.Insert(3, Pending(50, SudoExecve[1], T0));
        records.Add(Pending(51, SudoExecve[3], T0));
        var result = _assembler.Assemble(records, T0);
        var e = Assert.Single(result.Events);
        Assert.Equal([50L, 51], result.Dropped.Select(d => d.RawLineId));
        Assert.Equal([50L, 51], e.DuplicateRawLineIds);
        Assert.Equal(["systemctl", "restart", "nginx"], e.Argv);
        Assert.Equal(2, e.Paths.Count);
        Assert.Contains("2 duplicate records dropped", e.Anomalies);
    }

    [Fact]
    public void Emits_user_space_records_at_once()
    {
        var line = "type=USER_LOGIN msg=audit(1732611400.010:3990): pid=4400 uid=0 auid=1001 ses=7 subj=unconfined msg='op=login id=1001 exe=\"/usr/sbin/sshd\" hostname=10.0.0.5 addr=10.0.0.5 terminal=/dev/pts/1 res=success'";
        var result = _assembler.Assemble([Pending(1, line, T0)], T0);
        var e = Assert.Single(result.Events);
        Assert.Equal(AuditEventCompletion.SingleRecord, e.Completion);
        Assert.Empty(e.Anomalies);
    }

    [Fact]
    public void Keeps_events_of_different_nodes_apart_even_with_equal_time_and_serial()
    {
        string[] lines =
        [
            "node=db-1 type=SYSCALL msg=audit(1732611486.123:500): arch=c000003e syscall=59 success=yes exit=0 items=0 pid=1 auid=1 uid=1 comm=\"a\" key=(null)",
            "node=db-2 type=SYSCALL msg=audit(1732611486.123:500): arch=c000003e syscall=59 success=yes exit=0 items=0 pid=2 auid=2 uid=2 comm=\"b\" key=(null)",
            "node=db-2 type=EOE msg=audit(1732611486.123:500): ",
            "node=db-1 type=EOE msg=audit(1732611486.123:500): ",
        ];
        var result = _assembler.Assemble(Pending(lines, T0), T0);
        Assert.Equal([("db-1", "a"), ("db-2", "b")], result.Events.Select(e => (e.Host, e.Comm!)));
    }

    [Fact]
    public void Assembles_interleaved_events()
    {
        string[] lines =
        [
            "type=SYSCALL msg=audit(1732611486.100:10): arch=c000003e syscall=2 success=yes exit=3 items=1 pid=1 auid=1001 uid=1001 comm=\"cat\" key=(null)",
            "type=SYSCALL msg=audit(1732611486.100:11): arch=c000003e syscall=2 success=yes exit=4 items=1 pid=2 auid=1002 uid=1002 comm=\"less\" key=(null)",
            "type=PATH msg=audit(1732611486.100:11): item=0 name=\"/etc/hosts\" inode=1 dev=fd:01 mode=0100644 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL",
            "type=PATH msg=audit(1732611486.100:10): item=0 name=\"/etc/passwd\" inode=2 dev=fd:01 mode=0100644 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL",
            "type=EOE msg=audit(1732611486.100:11): ",
            "type=EOE msg=audit(1732611486.100:10): ",
        ];
        var result = _assembler.Assemble(Pending(lines, T0), T0);
        Assert.Equal([("cat", "/etc/passwd"), ("less", "/etc/hosts")], result.Events.Select(e => (e.Comm!, e.Paths[0].Name!)));
    }

    [Fact]
    public void Gives_the_same_events_whatever_the_arrival_order()
    {
        var lines = SudoExecve.Concat(EnrichedConnect).ToArray();
        var forward = _assembler.Assemble(Pending(lines, T0), T0).Events;
        var backward = _assembler.Assemble(Pending(lines, T0).AsEnumerable().Reverse(), T0).Events;

        // First the two events the records announce, complete; only then is comparing the orders meaningful.
        Assert.Equal(
            [(4021L, "execve", "systemctl restart nginx", 2, (string?)null, AuditEventCompletion.EndOfEvent),
             (4100L, "connect", "", 0, "93.184.216.34", AuditEventCompletion.EndOfEvent)],
            forward.Select(e => (e.Serial, e.Syscall, string.Join(' ', e.Argv ?? []), e.Paths.Count, e.Sockaddr?.Address, e.Completion)));
        Assert.Equal(forward.Select(Summary), backward.Select(Summary));

        static string Summary(AssembledAuditEvent e) =>
            $"{e.Host} {e.EventId} {e.Type} {e.Syscall} {string.Join('|', e.Argv ?? [])} {e.Paths.Count} {e.Sockaddr?.Address} {e.Fields.Count}";
    }

    [Fact]
    public void Emits_the_oldest_events_when_too_many_records_are_pending()
    {
        var assembler = new AuditEventAssembler(new AuditAssemblyOptions { MaxPendingRecords = 7 });
        var records = Pending(SudoExecve.Take(6), T0);
        records.AddRange(Pending(
        [
            "type=SYSCALL msg=audit(1732611486.200:4022): arch=c000003e syscall=2 success=yes exit=3 items=1 pid=77 auid=1001 uid=1001 ses=7 comm=\"cat\" key=(null)",
            "type=CWD msg=audit(1732611486.200:4022): cwd=\"/home/bob\"",
            "type=PROCTITLE msg=audit(1732611486.200:4022): proctitle=\"cat\"",
        ], T0, 100));
        var result = assembler.Assemble(records, T0);
        var e = Assert.Single(result.Events);
        Assert.Equal(AuditEventCompletion.LimitReached, e.Completion);
        Assert.Equal(4021, e.Serial);
        Assert.Equal(3, result.Pending.Count);
    }

    [Fact]
    public void Drops_an_EOE_that_arrives_after_its_event_went_out()
    {
        var all = Pending(SudoExecve, T0);
        var first = _assembler.Assemble(all.Take(6), T0.AddSeconds(5));
        Assert.Equal(AuditEventCompletion.QuietWindow, Assert.Single(first.Events).Completion);

        var late = _assembler.Assemble([all[6]], T0.AddSeconds(10));
        Assert.Empty(late.Events);
        Assert.Empty(late.Pending);
        Assert.Equal([7L], late.Dropped.Select(d => d.RawLineId));
    }

    [Fact]
    public void Waits_past_the_stream_window_while_announced_PATH_records_are_missing()
    {
        var records = Pending(SudoExecve.Take(4), T0); // items=2 but one PATH so far, no EOE
        records.Add(Pending(99, "type=USER_LOGOUT msg=audit(1732611495.000:4090): pid=4400 uid=0 auid=1001 ses=7 msg='op=login id=1001 exe=\"/usr/sbin/sshd\" hostname=? addr=? terminal=/dev/pts/1 res=success'", T0));
        var result = _assembler.Assemble(records, T0.AddSeconds(1));
        Assert.Equal(4090, Assert.Single(result.Events).Serial);
        Assert.Equal([1L, 2, 3, 4], result.Pending.Select(p => p.RawLineId));

        var later = _assembler.Assemble([.. result.Pending, Pending(5, SudoExecve[4], T0.AddSeconds(2)), Pending(7, SudoExecve[6], T0.AddSeconds(2))], T0.AddSeconds(2));
        var complete = Assert.Single(later.Events);
        Assert.Equal(AuditEventCompletion.EndOfEvent, complete.Completion);
        Assert.Equal(2, complete.Paths.Count);
    }

    [Fact]
    public void Keeps_a_late_straggler_pending_on_its_own()
    {
        var result = _assembler.Assemble([Pending(9, SudoExecve[5], T0)], T0.AddSeconds(1));
        Assert.Empty(result.Events);
        var later = _assembler.Assemble(result.Pending, T0.AddSeconds(10));
        var fragment = Assert.Single(later.Events);
        Assert.Equal("PROCTITLE", fragment.Type);
        Assert.Equal("systemctl restart nginx", fragment.Proctitle);
        Assert.Equal(AuditEventCompletion.QuietWindow, fragment.Completion);
    }
}
