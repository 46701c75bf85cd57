namespace Audit.Domain.Auditd;

/// <summary>
/// Groups auditd records into events: records of one event share host, time and serial (so a serial
/// that rolls over to 0 is a new event, and interleaved or out-of-order records still meet). Pure and
/// deterministic: the caller passes the records still pending from earlier passes followed by the new
/// ones, in arrival order, and "now"; it gets finished events and the records to keep pending.
/// An event is finished on EOE (when the items and arguments it announces are there), at once for
/// user-space/daemon records, when the host's stream moved <see cref="AuditAssemblyOptions.StreamWindow"/>
/// past it (and nothing it announces is missing), or after <see cref="AuditAssemblyOptions.QuietWindow"/>
/// without news. An exact repeat of a record is dropped (its raw line id kept on the event), and so is
/// an EOE that arrives after its event went out.
/// </summary>
public sealed class AuditEventAssembler(AuditAssemblyOptions? options = null, AuditNameLookup? names = null)
{
    private readonly AuditAssemblyOptions _options = options ?? new AuditAssemblyOptions();

    public AuditAssemblyResult Assemble(IEnumerable<PendingAuditRecord> records, DateTimeOffset now)
    {
        var latest = new Dictionary<string, long>(StringComparer.Ordinal);
        var dropped = new List<PendingAuditRecord>();
        var order = GroupByEvent(records, latest, dropped);

        var done = new List<(PendingEvent Group, AuditEventCompletion Why)>();
        var kept = new List<PendingEvent>();
        var pendingCount = 0;
        foreach (var g in order)
        {
            if (Decide(g, latest, now) is not { } why)
            {
                kept.Add(g);
                pendingCount += g.Count;
            }
            else if (g.OnlyEndOfEvent)
            {
                // An EOE whose records went out earlier (it came late): nothing left to tell.
                dropped.AddRange(g.Records);
            }
            else
            {
                done.Add((g, why));
            }
        }

        var cut = ReleaseOldest(kept, pendingCount, done, dropped);
        var events = done
            .OrderBy(d => d.Group.First.Record.EpochMilliseconds)
            .ThenBy(d => d.Group.FirstIndex)
            .Select(d => AuditEventBuilder.Build(d.Group.Records, d.Group.DuplicateIds, d.Why, names))
            .ToList();
        var pending = kept.Skip(cut).SelectMany(g => g.Indexed).OrderBy(x => x.Index).Select(x => x.Record).ToList();
        return new AuditAssemblyResult(events, pending, dropped);
    }

    /// <summary>The records' events in order of their first record; exact repeats dropped, the stream's latest time per host noted.</summary>
    private List<PendingEvent> GroupByEvent(IEnumerable<PendingAuditRecord> records, Dictionary<string, long> latest, List<PendingAuditRecord> dropped)
    {
        var groups = new Dictionary<EventKey, PendingEvent>();
        var order = new List<PendingEvent>();
        var index = 0;
        foreach (var p in records)
        {
            var r = p.Record;
            var key = new EventKey(r.Host, r.EpochMilliseconds, r.Serial);
            if (!groups.TryGetValue(key, out var g) || g.Count >= _options.MaxRecordsPerEvent)
            {
                groups[key] = g = new PendingEvent(index);
                order.Add(g);
            }

            if (g.IsDuplicate(r))
            {
                dropped.Add(p);
                g.DuplicateIds.Add(p.RawLineId);
            }
            else
            {
                g.Add(p, index);
            }

            latest[r.Host] = Math.Max(latest.GetValueOrDefault(r.Host, long.MinValue), r.EpochMilliseconds);
            index++;
        }

        return order;
    }

    /// <summary>Bounds memory: the oldest pending events go out first until the rest fit; returns how many went.</summary>
    private int ReleaseOldest(List<PendingEvent> kept, int pendingCount, List<(PendingEvent Group, AuditEventCompletion Why)> done, List<PendingAuditRecord> dropped)
    {
        var cut = 0;
        while (pendingCount > _options.MaxPendingRecords && cut < kept.Count)
        {
            pendingCount -= kept[cut].Count;
            if (kept[cut].OnlyEndOfEvent) dropped.AddRange(kept[cut++].Records);
            else done.Add((kept[cut++], AuditEventCompletion.LimitReached));
        }

        return cut;
    }

    private AuditEventCompletion? Decide(PendingEvent g, Dictionary<string, long> latest, DateTimeOffset now)
    {
        var first = g.First.Record;
        if (g.HasEndOfEvent && g.IsConsistent()) return AuditEventCompletion.EndOfEvent;
        if (g.HasStandalone) return AuditEventCompletion.SingleRecord;
        if (latest[first.Host] - first.EpochMilliseconds >= (long)_options.StreamWindow.TotalMilliseconds && g.LooksComplete()) return AuditEventCompletion.StreamAdvanced;
        if (now - g.LastArrival >= _options.QuietWindow) return AuditEventCompletion.QuietWindow;
        if (g.Count >= _options.MaxRecordsPerEvent) return AuditEventCompletion.LimitReached;
        return null;
    }

    private readonly record struct EventKey(string Host, long EpochMilliseconds, long Serial);
}
