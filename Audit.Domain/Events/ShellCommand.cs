namespace Audit.Domain.Events;

/// <summary>
/// A command typed at an interactive prompt. <see cref="User"/> is who the shell ran as
/// (<c>whoami</c>); <see cref="LoginUser"/> is the person behind it where the source tells
/// (logger's tag is the login name, so it stays <c>alice</c> in a root shell after <c>sudo -i</c>).
/// </summary>
public sealed record ShellCommand(
    DateTimeOffset OccurredAt,
    string Host,
    string User,
    string? LoginUser,
    string Command,
    int? ExitCode,
    int? ShellPid,
    int? HistoryNumber,
    string Shell) : AuditEvent(OccurredAt, Host);
