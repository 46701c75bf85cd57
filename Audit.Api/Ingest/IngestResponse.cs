namespace Audit.Api.Ingest;

/// <summary>What <c>POST /api/v1/ingest</c> answers once the lines are committed.</summary>
/// <param name="BatchId">The id of the stored batch (the earlier one when an Idempotency-Key repeated).</param>
/// <param name="Accepted">Lines newly stored.</param>
/// <param name="Duplicates">Lines absorbed because the same dedup key was already stored.</param>
public sealed record IngestResponse(long BatchId, int Accepted, int Duplicates);
