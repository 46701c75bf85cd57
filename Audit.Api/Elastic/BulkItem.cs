using Audit.Infrastructure.Ingest;

namespace Audit.Api.Elastic;

/// <summary>
/// One operation of a bulk body, in order. <see cref="Line"/> is the line to store for create/index;
/// delete and update carry none (the audit store is append-only).
/// </summary>
public sealed record BulkItem(BulkAction Action, string? Index, string? Id, RawLine? Line)
{
    public string ActionName => Action switch
    {
        BulkAction.Create => "create",
        BulkAction.Index => "index",
        BulkAction.Delete => "delete",
        _ => "update",
    };
}
