namespace Audit.Api.Queries;

/// <summary>Filters of <c>GET /api/v1/sessions</c> (SSH logins that succeeded).</summary>
/// <param name="User">The user who logged in.</param>
/// <param name="Ip">Exact source IP.</param>
public sealed record SessionQuery(string? Host, string? User, string? From, string? To, int? Limit, string? Cursor, string? Ip) : IListQuery
{
    public string Signature => $"sessions|{Host}|{User}|{From}|{To}|{Ip}";
}
