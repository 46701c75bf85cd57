using Audit.Infrastructure.Database;

namespace Audit.Api.Queries;

/// <summary>A query_log row keyed for the list runner (time, id).</summary>
public sealed class QueryLogView : IEventRow
{
    public DateTimeOffset OccurredAt { get; init; }

    public long RawId { get; init; }

    public string Host { get; init; } = "";

    public QueryLogRow Row { get; init; } = null!;
}
