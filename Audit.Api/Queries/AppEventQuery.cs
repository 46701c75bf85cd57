namespace Audit.Api.Queries;

/// <summary>Filters of <c>GET /api/v1/app-events</c>.</summary>
/// <param name="User">Same as actor.</param>
/// <param name="Resource">Case-insensitive substring of the resource.</param>
public sealed record AppEventQuery(string? Host, string? User, string? From, string? To, int? Limit, string? Cursor, string? Actor, string? Action, string? Resource) : IListQuery
{
    public string Signature => $"app-events|{Host}|{User}|{From}|{To}|{Actor}|{Action}|{Resource}";
}
