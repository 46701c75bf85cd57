using System.Text.Json;

namespace Audit.Api.Queries;

/// <summary>
/// An assembled auditd event (all records sharing one <c>audit(time:serial)</c>). <c>fields</c> holds
/// every decoded field; <c>paths</c> the PATH records.
/// </summary>
public sealed record AuditEventItem(
    DateTimeOffset Time, string Host, long Serial, string EventId, string Type, IReadOnlyList<string> RecordTypes, string? Syscall, bool? Success,
    long? Exit, string? ExitErrno, string? LoginUser, string? User, string? EffectiveUser, long? Session, int? Pid, int? Ppid, string? Comm, string? Exe,
    string? Key, string? Tty, string? Cwd, IReadOnlyList<string>? Argv, JsonElement? Paths, string? Account, string? Address, string? Terminal,
    string? Result, string? Command, JsonElement Fields, long RawId);
