namespace Audit.Api.Queries;

/// <summary>
/// One use of sudo. <c>seenIn</c> says where it was seen: auth.log, auditd (USER_CMD) or both — a
/// sudo seen in both is listed once, with auditd's login user and session added.
/// </summary>
public sealed record SudoItem(
    DateTimeOffset Time, string Host, string User, string? RunAs, string? RunAsGroup, string? Command, string? Cwd, string? Tty,
    string Outcome, string? Reason, int? IncorrectAttempts, IReadOnlyList<string> SeenIn, string? LoginUser, long? Session, int? Pid, long RawId);
