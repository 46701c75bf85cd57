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
