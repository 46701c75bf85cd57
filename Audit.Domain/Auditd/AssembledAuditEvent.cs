using Audit.Domain.Events;

namespace Audit.Domain.Auditd;

/// <summary>
/// One auditd event: every record of one host sharing <c>audit(time:serial)</c>, decoded. Ids are
/// numbers (null when unset, i.e. 4294967295); the names beside them come from ENRICHED fields or
/// the caller's lookup, else null. <see cref="LoginUser"/> (auid) is the person behind the event,
/// also after <c>sudo</c>/<c>su</c>. <see cref="Fields"/> holds every decoded field: the primary
/// record's under their own names, other records' as <c>cwd.cwd</c>, <c>execve.a1</c>,
/// <c>path[1].name</c>; a repeated name in one record as <c>msg.uid</c> (inside msg='…') or
/// <c>uid#2</c>. <see cref="RawLineIds"/> traces the event back to the raw lines it came from.
/// </summary>
public sealed record AssembledAuditEvent(DateTimeOffset OccurredAt, string Host) : AuditEvent(OccurredAt, Host)
{
    public string? Node { get; init; }

    public long Serial { get; init; }

    /// <summary>auditd's id as written: <c>1615114232.375:15558</c>.</summary>
    public required string EventId { get; init; }

    /// <summary>The record type that says what happened (USER_LOGIN, LOGIN, AVC …; SYSCALL for plain syscall events).</summary>
    public required string Type { get; init; }

    /// <summary>Distinct record types in event order (EOE left out).</summary>
    public required IReadOnlyList<string> RecordTypes { get; init; }

    public string? Arch { get; init; }

    public int? SyscallNumber { get; init; }

    /// <summary>Syscall name (from ENRICHED or the arch's table), else the number as text.</summary>
    public string? Syscall { get; init; }

    public bool? Success { get; init; }

    public long? Exit { get; init; }

    /// <summary>errno name of a negative exit (<c>EACCES</c>).</summary>
    public string? ExitErrno { get; init; }

    public long? Auid { get; init; }

    public long? Uid { get; init; }

    public long? Euid { get; init; }

    public long? Suid { get; init; }

    public long? Fsuid { get; init; }

    public long? Gid { get; init; }

    public long? Egid { get; init; }

    public long? Sgid { get; init; }

    public long? Fsgid { get; init; }

    /// <summary>Name of <see cref="Auid"/>: the login user.</summary>
    public string? LoginUser { get; init; }

    public string? User { get; init; }

    public string? EffectiveUser { get; init; }

    public string? Group { get; init; }

    public string? EffectiveGroup { get; init; }

    public long? Session { get; init; }

    public int? Pid { get; init; }

    public int? Ppid { get; init; }

    public string? Comm { get; init; }

    public string? Exe { get; init; }

    /// <summary>The first rule key; <see cref="Keys"/> has all (a rule may carry several).</summary>
    public string? Key { get; init; }

    public IReadOnlyList<string> Keys { get; init; } = [];

    public string? Tty { get; init; }

    public string? Cwd { get; init; }

    /// <summary>Decoded EXECVE arguments (split long arguments joined); null when there is no EXECVE.</summary>
    public IReadOnlyList<string>? Argv { get; init; }

    public int? Argc { get; init; }

    /// <summary>True when argc announces arguments that are not in the records (never invented).</summary>
    public bool ArgvIncomplete { get; init; }

    /// <summary>PROCTITLE decoded, NUL separators as spaces.</summary>
    public string? Proctitle { get; init; }

    public IReadOnlyList<AuditPath> Paths { get; init; } = [];

    public AuditSockaddr? Sockaddr { get; init; }

    /// <summary>SELinux/AppArmor subject label (<c>subj=</c>).</summary>
    public string? Subject { get; init; }

    // User-space records (USER_LOGIN, USER_START, USER_CMD, ADD_USER …): the fields of msg='…'.
    public string? Op { get; init; }

    public string? Acct { get; init; }

    /// <summary><c>id=</c> of USER_LOGIN/ADD_USER …: the account's uid.</summary>
    public long? AccountId { get; init; }

    public string? Addr { get; init; }

    public string? Hostname { get; init; }

    public string? Terminal { get; init; }

    /// <summary><c>res=</c> as written (<c>success</c>, <c>failed</c>, <c>1</c>).</summary>
    public string? Result { get; init; }

    /// <summary>USER_CMD's command (decoded <c>cmd=</c>).</summary>
    public string? Command { get; init; }

    /// <summary>True for program executions (EXECVE, or an execve/execveat syscall): rows of /executions.</summary>
    public bool IsExecution { get; init; }

    public required IReadOnlyDictionary<string, string> Fields { get; init; }

    /// <summary>Ids of the raw lines of the records, in event order.</summary>
    public required IReadOnlyList<long> RawLineIds { get; init; }

    /// <summary>Raw lines that repeated a record already in the event (dropped as duplicates).</summary>
    public IReadOnlyList<long> DuplicateRawLineIds { get; init; } = [];

    public AuditEventCompletion Completion { get; init; }

    /// <summary>What looks incomplete: <c>no EOE</c>, <c>items=2 but 1 PATH</c>, <c>argc=5 but 3 arguments</c> …</summary>
    public IReadOnlyList<string> Anomalies { get; init; } = [];

    /// <summary>USER_CMD as a sudo use (Origin <c>auditd</c>).</summary>
    public SudoCommand? Sudo { get; init; }

    /// <summary>The account change of an ADD_USER, DEL_USER, USER_MGMT, ADD_GROUP, DEL_GROUP, GRP_MGMT, USER_CHAUTHTOK or GRP_CHAUTHTOK event.</summary>
    public AccountChange? Account { get; init; }

    /// <summary>The LOGIN record, typed (pid ↔ auid/ses for session reconstruction).</summary>
    public AuditLogin? Login { get; init; }
}
