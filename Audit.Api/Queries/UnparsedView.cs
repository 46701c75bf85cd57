using Audit.Infrastructure.Database;

namespace Audit.Api.Queries;

/// <summary>An unparsed line joined with its raw text; keyed by receive time.</summary>
public sealed class UnparsedView : IEventRow
{
    public DateTimeOffset OccurredAt { get; init; }

    public long RawId { get; init; }

    public string Host { get; init; } = "";

    public string Source { get; init; } = "";

    public string Reason { get; init; } = "";

    public string Line { get; init; } = "";

    public byte[]? LineBytes { get; init; }
}
