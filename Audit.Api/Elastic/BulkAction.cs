namespace Audit.Api.Elastic;

/// <summary>The operation named by a bulk action line.</summary>
public enum BulkAction
{
    Create = 0,
    Index = 1,
    Delete = 2,
    Update = 3,
}
