namespace Audit.Api.Queries;

/// <summary>Filters of <c>GET /api/v1/admin/query-log</c>.</summary>
/// <param name="Actor">The key name (or bootstrap-admin) that asked.</param>
/// <param name="Path">Exact endpoint path, e.g. /api/v1/commands.</param>
public sealed record QueryLogQuery(string? Actor, string? Path, string? From, string? To, int? Limit, string? Cursor) : IListQuery
{
    public string Signature => $"query-log|{Actor}|{Path}|{From}|{To}";
}
