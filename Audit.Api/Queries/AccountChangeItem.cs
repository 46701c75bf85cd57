namespace Audit.Api.Queries;

/// <summary>
/// A user or group account change; <c>success</c> is false for a change the tool reported as failed.
/// <c>actor</c> is the person behind it (auditd's login user, which survives sudo), else what the line
/// itself names; <c>seenIn</c> says whether it came from auth.log, auditd or both.
/// </summary>
public sealed record AccountChangeItem(
    DateTimeOffset Time, string Host, string Action, string Target, string? Group, string? Actor, long? Uid, long? Gid,
    string? Home, string? Shell, string? Detail, string Program, bool Success, IReadOnlyList<string> SeenIn, long? Session, int? Pid, long RawId);
