using System.Text.Json.Serialization;

namespace Audit.Api.Queries;

/// <summary>One page of results, newest first; <c>nextCursor</c> is null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor) : ICountedResult
{
    [JsonIgnore]
    public int RowCount => Items.Count;
}
