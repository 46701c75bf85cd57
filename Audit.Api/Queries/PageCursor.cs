namespace Audit.Api.Queries;

/// <summary>
/// Keyset position (the last row's time and id) plus the time window of the first page, so later
/// pages keep the same window even when it was defaulted from "now".
/// </summary>
public readonly record struct PageCursor(DateTimeOffset Time, long Id, DateTimeOffset From, DateTimeOffset To);
