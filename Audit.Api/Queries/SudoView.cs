using Audit.Infrastructure.Database;

namespace Audit.Api.Queries;

/// <summary>A sudo row with its counterpart from the other source, when there is one.</summary>
public sealed class SudoView : IEventRow
{
    public DateTimeOffset OccurredAt { get; init; }

    public long RawId { get; init; }

    public string Host { get; init; } = "";

    public SudoRow Row { get; init; } = null!;

    public SudoRow? Twin { get; init; }
}
