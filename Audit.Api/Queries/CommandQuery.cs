namespace Audit.Api.Queries;

/// <summary>Filters of <c>GET /api/v1/commands</c>.</summary>
/// <param name="Host">Exact host name.</param>
/// <param name="User">The person: logger's login name, which stays the same in a root shell after sudo.</param>
/// <param name="From">ISO 8601 start (default: 24 hours before <paramref name="To"/>).</param>
/// <param name="To">ISO 8601 end, inclusive (default: now).</param>
/// <param name="Limit">Page size, 1–1000 (default 100).</param>
/// <param name="Cursor">The <c>nextCursor</c> of the previous page.</param>
/// <param name="Contains">Case-insensitive substring of the command.</param>
/// <param name="ExitCode">Exact exit status.</param>
public sealed record CommandQuery(string? Host, string? User, string? From, string? To, int? Limit, string? Cursor, string? Contains, int? ExitCode) : IListQuery
{
    /// <summary>The filters a cursor is bound to (everything but the cursor and the page size).</summary>
    public string Signature => $"commands|{Host}|{User}|{From}|{To}|{Contains}|{ExitCode}";
}
