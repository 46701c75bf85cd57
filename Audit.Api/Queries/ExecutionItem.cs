namespace Audit.Api.Queries;

/// <summary>
/// A program execution seen by auditd. <c>loginUser</c> (auid) is the person, also when the process
/// ran as root after sudo; <c>user</c> is the uid it ran as, <c>effectiveUser</c> the euid.
/// </summary>
public sealed record ExecutionItem(
    DateTimeOffset Time, string Host, string? LoginUser, string? User, string? EffectiveUser, long? Session, int? Pid, int? Ppid,
    string? Exe, IReadOnlyList<string> Argv, string? Cwd, string? Tty, string? Key, bool? Success, long? Auid, long? Uid, long? Euid, long RawId);
