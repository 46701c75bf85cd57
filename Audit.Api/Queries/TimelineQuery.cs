namespace Audit.Api.Queries;

/// <summary>Filters of <c>GET /api/v1/timeline</c>: a user and/or a host (at least one).</summary>
/// <param name="Kinds">Comma-separated kinds to include (command, login, sudo, su, account, session, app, execution); default all.</param>
public sealed record TimelineQuery(string? Host, string? User, string? From, string? To, int? Limit, string? Cursor, string? Kinds) : IListQuery
{
    public string Signature => $"timeline|{Host}|{User}|{From}|{To}|{Kinds}";
}
