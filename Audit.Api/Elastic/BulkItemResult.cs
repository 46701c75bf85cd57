namespace Audit.Api.Elastic;

/// <summary>The answer for one bulk operation, in request order.</summary>
public sealed record BulkItemResult(string Action, string? Index, string Id, int Status, string? Result, string? ErrorType = null, string? ErrorReason = null)
{
    public bool Failed => Status >= 300;
}
