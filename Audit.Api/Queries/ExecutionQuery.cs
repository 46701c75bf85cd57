namespace Audit.Api.Queries;

/// <summary>Filters of <c>GET /api/v1/executions</c>.</summary>
/// <param name="User">The person: auditd's login user (auid), which survives sudo and su.</param>
/// <param name="Exe">Exact executable path, e.g. /usr/bin/passwd.</param>
/// <param name="Key">Audit rule key.</param>
/// <param name="Session">auditd login session (ses).</param>
/// <param name="Contains">Case-insensitive substring of the command line (argv joined by spaces).</param>
public sealed record ExecutionQuery(string? Host, string? User, string? From, string? To, int? Limit, string? Cursor, string? Exe, string? Key, long? Session, string? Contains) : IListQuery
{
    public string Signature => $"executions|{Host}|{User}|{From}|{To}|{Exe}|{Key}|{Session}|{Contains}";
}
