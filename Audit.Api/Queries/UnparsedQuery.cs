namespace Audit.Api.Queries;

/// <summary>Filters of <c>GET /api/v1/unparsed</c> (times are receive times).</summary>
/// <param name="Source">Exact source path.</param>
/// <param name="Reason">Case-insensitive substring of the reason.</param>
public sealed record UnparsedQuery(string? Host, string? From, string? To, int? Limit, string? Cursor, string? Source, string? Reason) : IListQuery
{
    public string Signature => $"unparsed|{Host}|{From}|{To}|{Source}|{Reason}";
}
