namespace Audit.Api.Queries;

/// <summary>Filters of <c>GET /api/v1/audit-events</c>.</summary>
/// <param name="User">The person: the login user (auid).</param>
/// <param name="Type">The record type that says what happened (SYSCALL, USER_LOGIN, USER_CMD, ADD_USER …).</param>
/// <param name="Key">Audit rule key.</param>
/// <param name="Session">auditd login session (ses).</param>
public sealed record AuditEventQuery(string? Host, string? User, string? From, string? To, int? Limit, string? Cursor, string? Type, string? Key, long? Session) : IListQuery
{
    public string Signature => $"audit-events|{Host}|{User}|{From}|{To}|{Type}|{Key}|{Session}";
}
