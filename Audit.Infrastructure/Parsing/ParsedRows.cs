using Audit.Domain.Events;
using Audit.Domain.Parsing;

namespace Audit.Infrastructure.Parsing;

/// <summary>
/// The rows one parse transaction writes, grouped by table, plus per-batch counts. Each event keeps
/// the id of the raw line it came from, so a reparse can find and replace it.
/// </summary>
public sealed class ParsedRows
{
    public List<(long RawId, string Source, ShellCommand Event)> Commands { get; } = [];

    public List<(StoredLine Line, string Reason)> Unparsed { get; } = [];

    public Dictionary<long, BatchCounts> Counts { get; } = [];

    public int EventCount => Commands.Count;

    public void Add(StoredLine line, ParseResult result)
    {
        if (!Counts.TryGetValue(line.BatchId, out var counts)) Counts[line.BatchId] = counts = new BatchCounts();
        counts.Lines++;
        switch (result.Status)
        {
            case ParseStatus.Parsed when result.Event is not null && AddEvent(line, result.Event):
                counts.Parsed++;
                break;
            case ParseStatus.Noise:
                counts.Noise++;
                break;
            default:
                counts.Unparsed++;
                Unparsed.Add((line, result.Reason ?? "parser returned no event"));
                break;
        }
    }

    private bool AddEvent(StoredLine line, AuditEvent e)
    {
        switch (e)
        {
            case ShellCommand c:
                Commands.Add((line.Id, line.Source, c));
                return true;
            default:
                return false;
        }
    }

    /// <summary>UTC days the events fall on, per table, for partition creation.</summary>
    public IEnumerable<(string Table, DateOnly Day)> EventDays()
    {
        foreach (var day in Commands.Select(c => Day(c.Event.OccurredAt)).Distinct()) yield return ("commands", day);
    }

    public static DateOnly Day(DateTimeOffset t) => DateOnly.FromDateTime(t.UtcDateTime);
}
