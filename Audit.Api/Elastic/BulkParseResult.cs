namespace Audit.Api.Elastic;

/// <summary>The operations of a bulk body, or why the whole body is refused.</summary>
public sealed record BulkParseResult(IReadOnlyList<BulkItem> Items, string? Error, bool TooMany = false)
{
    public bool Ok => Error is null;
}
