namespace Audit.Infrastructure.Database;

/// <summary>A row of <c>query_log</c>.</summary>
public sealed class QueryLogRow
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public string Actor { get; set; } = "";

    public Guid? KeyId { get; set; }

    public string Method { get; set; } = "";

    public string Path { get; set; } = "";

    public string Query { get; set; } = "";

    public int Status { get; set; }

    public int? RowCount { get; set; }

    public int DurationMs { get; set; }
}
