using System.Text.Json;

namespace Audit.Infrastructure.Database;

/// <summary>A row of <c>app_events</c>.</summary>
public sealed class AppEventRow : IEventRow
{
    public DateTimeOffset OccurredAt { get; set; }

    public long RawId { get; set; }

    public string Host { get; set; } = "";

    public string Actor { get; set; } = "";

    public string Action { get; set; } = "";

    public string? Resource { get; set; }

    public string? Outcome { get; set; }

    public string? SourceIp { get; set; }

    public string? Service { get; set; }

    public JsonDocument? Before { get; set; }

    public JsonDocument? After { get; set; }

    public JsonDocument? Extra { get; set; }
}
