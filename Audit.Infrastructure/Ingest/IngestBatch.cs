namespace Audit.Infrastructure.Ingest;

/// <summary>A request's lines plus who sent them and its optional Idempotency-Key.</summary>
public sealed record IngestBatch(
    string Endpoint,
    Guid? KeyId,
    string? IdempotencyKey,
    IReadOnlyList<RawLine> Lines);
