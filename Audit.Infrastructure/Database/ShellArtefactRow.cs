namespace Audit.Infrastructure.Database;

/// <summary>A row of <c>shell_artefacts</c>: a prompt line nobody typed, with why it was judged so.</summary>
public sealed class ShellArtefactRow : IEventRow
{
    public DateTimeOffset OccurredAt { get; set; }

    public long RawId { get; set; }

    public string Host { get; set; } = "";

    public string LoginUser { get; set; } = "";

    public string RunAs { get; set; } = "";

    public string Command { get; set; } = "";

    public int? ShellPid { get; set; }

    public int? HistoryNo { get; set; }

    public string Shell { get; set; } = "";

    public string Source { get; set; } = "";

    public string Reason { get; set; } = "";
}
