using Audit.Domain.Auditd;
using Audit.Tests.Support;

namespace Audit.Tests.Conformance.Auditd;

/// <summary>
/// Event assembly over real streams: go-libaudit's reassembler inputs (in order, out of order, lost
/// messages, serial rollover), and the same logs cut into batches of any size (records of one event
/// split across parse passes, pending state carried through persistence) giving the same events.
/// </summary>
public sealed class StreamAssemblyConformance
{
    [CorpusTheory]
    [InlineData("normal.log", "1492037289.295:58=2 1492037291.036:59=5 1492037291.038:60=5 1492037298.883:61=4 1492037298.883:62=1")]
    [InlineData("out_of_order.log", "1492037289.295:58=2 1492037291.036:59=5 1492037291.038:60=5 1492037298.883:61=4 1492037298.883:62=1")]
    [InlineData("lost_messages.log", "1492037289.295:49=2 1492037291.036:59=5 1492037291.038:60=5 1492037298.883:61=4 1492037298.883:62=1")]
    [InlineData("rollover.log", "1492037289.295:4294967294=1 1492037298.883:4294967295=1 1492037298.883:0=1 1492037298.883:1=1 1492037298.884:2=1")]
    public void Reassembles_go_libaudit_streams(string file, string expected)
    {
        var events = ConformanceData.Events(ConformanceData.Records(File.ReadLines(ConformanceData.File("go-libaudit", file))));
        Assert.Equal(expected, string.Join(' ', events.Select(e => $"{e.EventId}={e.RawLineIds.Count}")));
    }

    [CorpusTheory]
    [InlineData("laurel", "shell-proc-trace.txt")]
    [InlineData("laurel", "shell-proc-trace-reordered.txt")]
    [InlineData("laurel", "shell-proc-trace-confusion.txt")]
    [InlineData("laurel", "proc-trace-dpkg-l.txt")]
    [InlineData("go-libaudit", "out_of_order.log")]
    [InlineData("audit-userspace", "test3.log")]
    [InlineData("audit-userspace", "test4.log")]
    public void Gives_the_same_events_whatever_the_batch_size(string folder, string file)
    {
        var records = ConformanceData.Records(File.ReadLines(ConformanceData.File(folder, file)));
        var single = ConformanceData.Events(records);
        Assert.NotEmpty(single);
        foreach (var size in new[] { 1, 2, 3, 5, 8 })
        {
            // An EOE arriving after its event went out is dropped in batches; nothing else may differ.
            var dropped = new HashSet<long>();
            var batched = Batched(records, size, dropped);
            Assert.All(dropped, id => Assert.Equal("EOE", records.Single(r => r.RawLineId == id).Record.Type));
            Assert.Equal(Summaries(single, dropped), Summaries(batched, dropped));
        }
    }

    private static List<string> Summaries(IEnumerable<AssembledAuditEvent> events, HashSet<long> dropped) =>
        events.Select(e => Summary(e, dropped)).Order(StringComparer.Ordinal).ToList();

    /// <summary>Feeds the records in batches, persisting and restoring the pending ones in between.</summary>
    private static List<AssembledAuditEvent> Batched(List<PendingAuditRecord> records, int size, HashSet<long> dropped)
    {
        var assembler = new AuditEventAssembler();
        var events = new List<AssembledAuditEvent>();
        var stored = new List<(long Id, string Host, string Text, DateTimeOffset At)>();
        var now = ConformanceData.Arrival;
        for (var i = 0; i < records.Count; i += size)
        {
            now = now.AddMilliseconds(100);
            var pending = stored.Select(s => PendingAuditRecord.Restore(s.Id, s.Host, s.Text, s.At)!).ToList();
            var batch = records.Skip(i).Take(size).Select(p => p with { ArrivedAt = now });
            var result = assembler.Assemble(pending.Concat(batch), now);
            events.AddRange(result.Events);
            dropped.UnionWith(result.Dropped.Select(d => d.RawLineId));
            stored = result.Pending.Select(p => (p.RawLineId, p.Record.Host, p.Record.Text, p.ArrivedAt)).ToList();
        }

        var last = assembler.Assemble(stored.Select(s => PendingAuditRecord.Restore(s.Id, s.Host, s.Text, s.At)!), now.AddMinutes(1));
        events.AddRange(last.Events);
        dropped.UnionWith(last.Dropped.Select(d => d.RawLineId));
        Assert.Empty(last.Pending);
        return events;
    }

    private static string Summary(AssembledAuditEvent e, HashSet<long> dropped) =>
        $"{e.Host} {e.EventId} {e.Type} [{string.Join(',', e.RecordTypes)}] ids={string.Join(',', e.RawLineIds.Where(i => !dropped.Contains(i)).Order())} argv={string.Join('|', e.Argv ?? [])} paths={e.Paths.Count} fields={e.Fields.Count}";
}
