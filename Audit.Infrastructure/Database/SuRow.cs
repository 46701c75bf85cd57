namespace Audit.Infrastructure.Database;

/// <summary>A row of <c>su_events</c>.</summary>
public sealed class SuRow : IEventRow
{
    public DateTimeOffset OccurredAt { get; set; }

    public long RawId { get; set; }

    public string Host { get; set; } = "";

    public string? UserName { get; set; }

    public string Target { get; set; } = "";

    public bool Success { get; set; }

    public string? Tty { get; set; }

    public int? Pid { get; set; }
}
