using System.Text.Json;

namespace Audit.Infrastructure.Database;

/// <summary>A row of <c>audit_events</c>.</summary>
public sealed class AuditEventRow : IEventRow
{
    public DateTimeOffset OccurredAt { get; set; }

    public long RawId { get; set; }

    public long Serial { get; set; }

    public string Host { get; set; } = "";

    public string? Node { get; set; }

    public string EventId { get; set; } = "";

    public string Type { get; set; } = "";

    public string[] RecordTypes { get; set; } = [];

    public string? Arch { get; set; }

    public string? Syscall { get; set; }

    public bool? Success { get; set; }

    public long? Exit { get; set; }

    public string? ExitErrno { get; set; }

    public long? Auid { get; set; }

    public long? Uid { get; set; }

    public long? Euid { get; set; }

    public string? LoginUser { get; set; }

    public string? UserName { get; set; }

    public string? EffectiveUser { get; set; }

    public long? Session { get; set; }

    public int? Pid { get; set; }

    public int? Ppid { get; set; }

    public string? Comm { get; set; }

    public string? Exe { get; set; }

    public string? Key { get; set; }

    public string? Tty { get; set; }

    public string? Cwd { get; set; }

    public string[]? Argv { get; set; }

    public JsonDocument? Paths { get; set; }

    public string? Acct { get; set; }

    public string? Addr { get; set; }

    public string? Terminal { get; set; }

    public string? Result { get; set; }

    public string? Command { get; set; }

    public JsonDocument Fields { get; set; } = null!;
}
