namespace Audit.Infrastructure.Database;

/// <summary>A row of <c>session_events</c>.</summary>
public sealed class SessionEventRow : IEventRow
{
    public DateTimeOffset OccurredAt { get; set; }

    public long RawId { get; set; }

    public string Host { get; set; } = "";

    public string Action { get; set; } = "";

    public string Service { get; set; } = "";

    public string? UserName { get; set; }

    public string? ByUser { get; set; }

    public int? Uid { get; set; }

    public int? Pid { get; set; }

    public string? SourceIp { get; set; }

    public int? SourcePort { get; set; }

    public int? ByUid { get; set; }
}
