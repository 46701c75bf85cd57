namespace Audit.Api.Queries;

/// <summary>
/// A program execution seen by auditd. <c>loginUser</c> (auid) is the person, also when the process
/// ran as root after sudo; <c>user</c> is the uid it ran as, <c>effectiveUser</c> the euid. <c>id</c>
/// is what <c>/executions/{id}/ancestry</c> takes; <c>parentId</c>, <c>parentExe</c> and
/// <c>parentCommandLine</c> name the execution that started the parent process (ppid), null when
/// auditd did not see it (a process that forked without exec, such as sshd's session process).
/// </summary>
public sealed record ExecutionItem(
    DateTimeOffset Time, string Host, string? LoginUser, string? User, string? EffectiveUser, long? Session, int? Pid, int? Ppid,
    string? Exe, IReadOnlyList<string> Argv, string? Cwd, string? Tty, string? Key, bool? Success, long? Auid, long? Uid, long? Euid,
    string Id, string? ParentId, string? ParentExe, string? ParentCommandLine, long RawId);
