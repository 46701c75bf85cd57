namespace Audit.Api.Queries;

/// <summary>One recorded query: who asked what, when, and how many rows the answer had (null for streamed exports).</summary>
public sealed record QueryLogItem(DateTimeOffset Time, string Actor, Guid? KeyId, string Method, string Path, string Query, int Status, int? RowCount, int DurationMs, long Id);
