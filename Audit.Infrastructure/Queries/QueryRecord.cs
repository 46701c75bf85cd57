namespace Audit.Infrastructure.Queries;

/// <summary>One query against the audit store: who asked what, when, and how many rows it answered.</summary>
public sealed record QueryRecord(DateTimeOffset At, string Actor, Guid? KeyId, string Method, string Path, string Query, int Status, int? RowCount, int DurationMs);
