using Audit.Domain.Auditd;
using Audit.Domain.Auth;
using Audit.Domain.Events;
using Audit.Domain.Parsing;
using Audit.Infrastructure.Database;

namespace Audit.Infrastructure.Parsing;

/// <summary>
/// The rows one parse transaction writes, grouped by table, plus per-batch counts. Each event keeps
/// the raw line it came from, so a reparse can find and replace it.
/// </summary>
public sealed class ParsedRows
{
    private readonly HashSet<long> _parsedHere = [];

    public List<(StoredLine Line, ShellCommand Event)> Commands { get; } = [];

    /// <summary>Commands already copied into their table by this transaction (see <see cref="TakeCommandsWritten"/>).</summary>
    public List<(StoredLine Line, ShellCommand Event)> CommandsWritten { get; } = [];

    /// <summary>Commands copied ahead and demoted since (shell artefacts): to be deleted again before the commit.</summary>
    public List<(long RawId, DateTimeOffset OccurredAt)> CommandsWithdrawn { get; } = [];

    /// <summary>Every bash line with its shell (commands and empty first prompts), in order, for artefact detection.</summary>
    public List<(StoredLine Line, ShellCommand Event)> BashLines { get; } = [];

    /// <summary>Shell lines nobody typed (first prompts, repeated prompts), with why (see BashArtefactFilter).</summary>
    public List<(StoredLine Line, ShellCommand Event, string Reason)> Artefacts { get; } = [];

    /// <summary>Login rows by raw line: non-sshd ones as parsed, sshd attempts once merged (see SshConnectionStage).</summary>
    public List<(long RawId, SshLogin Event)> Logins { get; } = [];

    /// <summary>sshd's connection lines of this pass (parsed or noise), in order, waiting to be merged into attempts.</summary>
    public List<(StoredLine Line, SshLogin Event)> SshdLines { get; } = [];

    /// <summary>Details for attempt rows earlier passes wrote.</summary>
    public List<SshAttemptUpdate> LoginUpdates { get; } = [];

    public List<(StoredLine Line, LoginSessionEvent Event)> Sessions { get; } = [];

    /// <summary>sudo uses by raw line: from auth.log lines, and from auditd USER_CMD events.</summary>
    public List<(long RawId, SudoCommand Event)> Sudo { get; } = [];

    public List<(StoredLine Line, SuSwitch Event)> Su { get; } = [];

    /// <summary>Account changes by raw line: from auth.log lines, and from auditd account events.</summary>
    public List<(long RawId, AccountChange Event)> AccountChanges { get; } = [];

    public List<(StoredLine Line, AppEvent Event)> AppEvents { get; } = [];

    /// <summary>auditd records of this pass, waiting to be assembled with the pending ones.</summary>
    public List<PendingAuditRecord> AuditRecords { get; } = [];

    /// <summary>Events the assembler finished (filled after parsing, see ParseStateStore).</summary>
    public List<AssembledAuditEvent> AuditEvents { get; } = [];

    public List<(StoredLine Line, string Reason)> Unparsed { get; } = [];

    public Dictionary<long, BatchCounts> Counts { get; } = [];

    /// <summary>Raw lines refused before writing (e.g. by the auditd assembly), with the reason; they end unparsed.</summary>
    public Dictionary<long, string> Refused { get; } = [];

    /// <summary>Every host the pass's lines name (shipper's and header's), for the per-host locks (see HostOrderLocks).</summary>
    public HashSet<string> Hosts { get; } = new(StringComparer.Ordinal);

    public void Add(StoredLine line, ParseResult result)
    {
        // The header named another host than the shipper did: the shipper is a relay; both are kept.
        // "unknown" is the ingest API's placeholder when the shipper named no host (IngestDefaults.UnknownHost).
        if (result.Event is { } relayed and not (AuditRecord or AuditRecordLine) && line.Host != "unknown"
            && !string.Equals(relayed.Host, line.Host, StringComparison.Ordinal))
        {
            result = result with { Event = relayed with { RelayHost = line.Host } };
        }

        var counts = CountsFor(line.BatchId);
        counts.Lines++;
        Hosts.Add(line.Host);
        if (result.Event is { } e) Hosts.Add(e.Host);
        if (result.Event is AuditRecordLine records)
        {
            foreach (var r in records.Records) Hosts.Add(r.Host);
        }

        if (result.Event is ShellCommand { Shell: "bash", ShellPid: not null } shell) BashLines.Add((line, shell));
        if (result.Event is SshLogin ssh && SshConnectionMerger.Takes(ssh) && result.Status is ParseStatus.Parsed or ParseStatus.Noise)
        {
            SshdLines.Add((line, ssh));
            if (result.Status == ParseStatus.Parsed) counts.Parsed++;
            else counts.Noise++;
            return;
        }

        switch (result.Status)
        {
            case ParseStatus.Parsed when result.Event is not null && AddEvent(line, result.Event):
                counts.Parsed++;
                _parsedHere.Add(line.Id);
                break;
            case ParseStatus.Noise:
                counts.Noise++;
                break;
            default:
                counts.Unparsed++;
                Unparsed.Add((line, result.Reason ?? $"no table for {result.Event?.GetType().Name ?? "an empty result"}"));
                break;
        }
    }

    /// <summary>Turns a parsed command into noise (a shell artefact found after parsing).</summary>
    public void DemoteCommands(IReadOnlySet<long> rawIds)
    {
        if (rawIds.Count == 0) return;
        foreach (var (line, _) in Commands.Concat(CommandsWritten).Where(c => rawIds.Contains(c.Line.Id)))
        {
            var counts = CountsFor(line.BatchId);
            counts.Parsed--;
            counts.Noise++;
        }

        Commands.RemoveAll(c => rawIds.Contains(c.Line.Id));
        CommandsWithdrawn.AddRange(CommandsWritten.Where(c => rawIds.Contains(c.Line.Id)).Select(c => (c.Line.Id, c.Event.OccurredAt)));
        CommandsWritten.RemoveAll(c => rawIds.Contains(c.Line.Id));
    }

    /// <summary>
    /// Marks the commands as written (copied ahead of the state stages, see ParseJob): later writes skip
    /// them, and a demotion withdraws them. Those PostgreSQL refused stay behind as <see cref="Refused"/>.
    /// </summary>
    public void TakeCommandsWritten(IReadOnlyDictionary<long, string> refused)
    {
        foreach (var c in Commands)
        {
            if (refused.TryGetValue(c.Line.Id, out var reason)) Refused.TryAdd(c.Line.Id, reason);
            else CommandsWritten.Add(c);
        }

        Commands.Clear();
    }

    /// <summary>Only the commands (for writing them ahead).</summary>
    public ParsedRows CommandsOnly()
    {
        var part = new ParsedRows();
        part.Commands.AddRange(Commands);
        return part;
    }

    private BatchCounts CountsFor(long batchId)
    {
        if (!Counts.TryGetValue(batchId, out var counts)) Counts[batchId] = counts = new BatchCounts();
        return counts;
    }

    private bool AddEvent(StoredLine line, AuditEvent e)
    {
        switch (e)
        {
            case ShellCommand c: Commands.Add((line, c)); return true;
            case SshLogin l: Logins.Add((line.Id, l)); return true;
            case LoginSessionEvent s: Sessions.Add((line, s)); return true;
            case SudoCommand s: Sudo.Add((line.Id, s)); return true;
            case AuditRecord r: AuditRecords.Add(new PendingAuditRecord(line.Id, r, line.ReceivedAt)); return true;
            case AuditRecordLine l:
                foreach (var r in l.Records) AuditRecords.Add(new PendingAuditRecord(line.Id, r, line.ReceivedAt));
                return true;
            case SuSwitch s: Su.Add((line, s)); return true;
            case AccountChange a: AccountChanges.Add((line.Id, a)); return true;
            case AppEvent a: AppEvents.Add((line, a)); return true;
            default: return false;
        }
    }

    /// <summary>The raw line each row is keyed by (for an auditd event: its first record's line), each once.</summary>
    public IEnumerable<long> RowIds() =>
        Commands.Select(c => c.Line.Id).Concat(Logins.Select(c => c.RawId)).Concat(Sessions.Select(c => c.Line.Id))
            .Concat(Sudo.Select(c => c.RawId)).Concat(Su.Select(c => c.Line.Id)).Concat(AccountChanges.Select(c => c.RawId))
            .Concat(AppEvents.Select(c => c.Line.Id)).Concat(AuditEvents.Select(AuditCopies.RawIdOf)).Concat(Unparsed.Select(c => c.Line.Id)).Concat(Artefacts.Select(c => c.Line.Id))
            .Distinct();

    /// <summary>The rows keyed by the given raw lines (for writing a part of a chunk on its own).</summary>
    public ParsedRows Subset(IReadOnlySet<long> rawIds)
    {
        var part = new ParsedRows();
        part.Commands.AddRange(Commands.Where(c => rawIds.Contains(c.Line.Id)));
        part.Logins.AddRange(Logins.Where(c => rawIds.Contains(c.RawId)));
        part.Artefacts.AddRange(Artefacts.Where(c => rawIds.Contains(c.Line.Id)));
        part.Sessions.AddRange(Sessions.Where(c => rawIds.Contains(c.Line.Id)));
        part.Sudo.AddRange(Sudo.Where(c => rawIds.Contains(c.RawId)));
        part.Su.AddRange(Su.Where(c => rawIds.Contains(c.Line.Id)));
        part.AccountChanges.AddRange(AccountChanges.Where(c => rawIds.Contains(c.RawId)));
        part.AppEvents.AddRange(AppEvents.Where(c => rawIds.Contains(c.Line.Id)));
        part.AuditEvents.AddRange(AuditEvents.Where(e => rawIds.Contains(AuditCopies.RawIdOf(e))));
        part.Unparsed.AddRange(Unparsed.Where(c => rawIds.Contains(c.Line.Id)));
        return part;
    }

    /// <summary>
    /// Lines whose rows PostgreSQL refused: their rows are dropped and the lines of this pass are
    /// counted unparsed. Returns every raw line concerned (an auditd event's failure concerns all of
    /// its records' lines, some perhaps from earlier passes).
    /// </summary>
    public Dictionary<long, string> DropNotStorable(IReadOnlyDictionary<long, string> failed)
    {
        var lines = new Dictionary<long, string>(failed);
        foreach (var e in AuditEvents)
        {
            if (!failed.TryGetValue(AuditCopies.RawIdOf(e), out var reason)) continue;
            foreach (var id in e.RawLineIds) lines.TryAdd(id, reason);
        }

        var ids = lines.Keys.ToHashSet();
        Commands.RemoveAll(c => ids.Contains(c.Line.Id));
        Logins.RemoveAll(c => ids.Contains(c.RawId));
        Artefacts.RemoveAll(c => ids.Contains(c.Line.Id));
        Sessions.RemoveAll(c => ids.Contains(c.Line.Id));
        Sudo.RemoveAll(c => ids.Contains(c.RawId));
        Su.RemoveAll(c => ids.Contains(c.Line.Id));
        AccountChanges.RemoveAll(c => ids.Contains(c.RawId));
        AppEvents.RemoveAll(c => ids.Contains(c.Line.Id));
        AuditEvents.RemoveAll(e => e.RawLineIds.Any(ids.Contains));
        var alreadyUnparsed = Unparsed.Select(u => u.Line.Id).Where(ids.Contains).ToHashSet();
        foreach (var id in ids.Where(_parsedHere.Contains).Where(id => !alreadyUnparsed.Contains(id)))
        {
            var counts = CountsFor(id >> Ingest.RawBatchWriter.LineBits);
            counts.Parsed--;
            counts.Unparsed++;
        }

        // An unparsed row that itself cannot be stored has nothing left to record.
        foreach (var id in alreadyUnparsed) lines.Remove(id);
        return lines;
    }

    /// <summary>UTC days the events fall on, per table, for partition creation.</summary>
    public IEnumerable<(string Table, DateOnly Day)> EventDays()
    {
        static IEnumerable<(string, DateOnly)> Of(DbTable table, IEnumerable<AuditEvent> rows) =>
            rows.Select(r => Day(r.OccurredAt)).Distinct().Select(d => (table.Name, d));

        return Of(Tables.Commands, Commands.Select(c => c.Event)).Concat(Of(Tables.Logins, Logins.Select(c => c.Event)))
            .Concat(Of(Tables.SessionEvents, Sessions.Select(c => c.Event))).Concat(Of(Tables.SudoEvents, Sudo.Select(c => c.Event)))
            .Concat(Of(Tables.SuEvents, Su.Select(c => c.Event))).Concat(Of(Tables.AccountChanges, AccountChanges.Select(c => c.Event)))
            .Concat(Of(Tables.AppEvents, AppEvents.Select(c => c.Event))).Concat(Of(Tables.ShellArtefacts, Artefacts.Select(a => a.Event))).Concat(Of(Tables.AuditEvents, AuditEvents))
            .Concat(Of(Tables.Executions, AuditEvents.Where(e => e.IsExecution))).Concat(Of(Tables.AuditLogins, AuditEvents.Where(e => e.Login is not null)));
    }

    public static DateOnly Day(DateTimeOffset t) => DateOnly.FromDateTime(t.UtcDateTime);
}
