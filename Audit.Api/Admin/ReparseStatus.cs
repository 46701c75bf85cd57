namespace Audit.Api.Admin;

/// <summary>A reparse request and how far its job got.</summary>
public sealed record ReparseStatus(
    long Id, DateTimeOffset From, DateTimeOffset To, bool OnlyUnparsed, string RequestedBy, DateTimeOffset RequestedAt,
    DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, int Batches, long Lines);
