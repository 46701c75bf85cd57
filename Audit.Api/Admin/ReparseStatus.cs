namespace Audit.Api.Admin;

/// <summary>A reparse request and how far its job got; <c>Error</c> says why a finished one failed.</summary>
public sealed record ReparseStatus(
    long Id, DateTimeOffset From, DateTimeOffset To, bool OnlyUnparsed, string RequestedBy, DateTimeOffset RequestedAt,
    DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, int Batches, long Lines, string? Error = null);
