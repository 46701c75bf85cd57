using Audit.Infrastructure.Database;

namespace Audit.Api.Queries;

/// <summary>A row of the merged UNION query (Key = raw_id * 16 + kind number, unique across tables).</summary>
public sealed class TimelineRow : IEventRow
{
    public DateTimeOffset OccurredAt { get; set; }

    public string Kind { get; set; } = "";

    public string Host { get; set; } = "";

    public string? UserName { get; set; }

    public string Summary { get; set; } = "";

    public string Detail { get; set; } = "{}";

    public long RawId { get; set; }

    public long Key { get; set; }
}
