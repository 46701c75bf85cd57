namespace Audit.Api.Queries;

/// <summary>Parameters of <c>GET /api/v1/search</c>.</summary>
/// <param name="Q">Case-insensitive substring (at least 3 characters) looked for in commands, executions, sudo commands and app events.</param>
/// <param name="Kinds">Comma-separated kinds to search (command, sudo, app, execution); default all.</param>
public sealed record SearchQuery(string? Q, string? Host, string? User, string? From, string? To, int? Limit, string? Cursor, string? Kinds) : IListQuery
{
    public string Signature => $"search|{Q}|{Host}|{User}|{From}|{To}|{Kinds}";
}
