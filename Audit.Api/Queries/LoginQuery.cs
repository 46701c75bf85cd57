namespace Audit.Api.Queries;

/// <summary>Filters of <c>GET /api/v1/logins</c>.</summary>
/// <param name="User">The user name sshd was asked for (also invalid ones).</param>
/// <param name="Ip">Exact source IP (v4 or v6).</param>
/// <param name="Outcome">success, failure or closed_before_attempt.</param>
public sealed record LoginQuery(string? Host, string? User, string? From, string? To, int? Limit, string? Cursor, string? Ip, string? Outcome) : IListQuery
{
    public string Signature => $"logins|{Host}|{User}|{From}|{To}|{Ip}|{Outcome}";
}
