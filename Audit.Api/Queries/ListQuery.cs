using System.Text.Json.Serialization;

namespace Audit.Api.Queries;

/// <summary>The parameters every list endpoint shares.</summary>
public interface IListQuery
{
    string? From { get; }

    string? To { get; }

    int? Limit { get; }

    string? Cursor { get; }

    /// <summary>The filters a cursor is bound to: everything but the cursor and the page size.</summary>
    string Signature { get; }
}

/// <summary>A response that knows how many rows it carries (for the query log).</summary>
public interface ICountedResult
{
    int RowCount { get; }
}

/// <summary>One page of results, newest first; <c>nextCursor</c> is null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor) : ICountedResult
{
    [JsonIgnore]
    public int RowCount => Items.Count;
}

/// <summary>
/// Keyset position (the last row's time and id) plus the time window of the first page, so later
/// pages keep the same window even when it was defaulted from "now".
/// </summary>
public readonly record struct PageCursor(DateTimeOffset Time, long Id, DateTimeOffset From, DateTimeOffset To);

/// <summary>
/// Builds ILIKE patterns that match the user's text literally (%, _ and \ escaped). Queries put the
/// pattern into the SQL as a constant (EF.Constant): plans are generic by default, and only a known
/// pattern lets PostgreSQL choose the trigram index.
/// </summary>
public static class LikePattern
{
    public static string Contains(string text) =>
        "%" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
