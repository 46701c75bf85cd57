namespace Audit.Api.Queries;

/// <summary>Filters of <c>GET /api/v1/sudo</c>.</summary>
/// <param name="User">The person who ran sudo (auth.log's user, or auditd's login user).</param>
/// <param name="Outcome">allowed or denied.</param>
/// <param name="Contains">Case-insensitive substring of the command.</param>
public sealed record SudoQuery(string? Host, string? User, string? From, string? To, int? Limit, string? Cursor, string? Outcome, string? Contains) : IListQuery
{
    public string Signature => $"sudo|{Host}|{User}|{From}|{To}|{Outcome}|{Contains}";
}
