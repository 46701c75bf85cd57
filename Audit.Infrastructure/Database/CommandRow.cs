namespace Audit.Infrastructure.Database;

/// <summary>A row of <c>commands</c>.</summary>
public sealed class CommandRow : IEventRow
{
    public DateTimeOffset OccurredAt { get; set; }

    public long RawId { get; set; }

    public string Host { get; set; } = "";

    public string LoginUser { get; set; } = "";

    public string RunAs { get; set; } = "";

    public string Command { get; set; } = "";

    public int? ExitCode { get; set; }

    public int? ShellPid { get; set; }

    public int? HistoryNo { get; set; }

    public string Shell { get; set; } = "";

    public string Source { get; set; } = "";

    public string? RelayHost { get; set; }
}
