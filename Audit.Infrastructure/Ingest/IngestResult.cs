namespace Audit.Infrastructure.Ingest;

/// <summary>
/// The committed outcome. <see cref="Duplicate"/> says per input line whether it was absorbed as a
/// duplicate (one flag per line, in order); <see cref="Replayed"/> is true when the Idempotency-Key
/// matched an earlier batch and nothing new was written.
/// </summary>
public sealed record IngestResult(long BatchId, int Accepted, int Duplicates, bool Replayed, bool[] Duplicate);
