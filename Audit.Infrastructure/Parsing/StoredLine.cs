namespace Audit.Infrastructure.Parsing;

/// <summary>A raw line as read back for parsing.</summary>
public sealed record StoredLine(
    long Id,
    DateOnly ReceivedOn,
    DateTimeOffset ReceivedAt,
    string Host,
    string Source,
    string? Program,
    DateTimeOffset? ShipperTime,
    string? TimeZone,
    string Line)
{
    public long BatchId => Id >> Ingest.RawBatchWriter.LineBits;
}
