namespace Audit.Infrastructure.Database;

/// <summary>What every event row shares: its time and the raw line it came from (the keyset key).</summary>
public interface IEventRow
{
    DateTimeOffset OccurredAt { get; }

    long RawId { get; }

    string Host { get; }
}
