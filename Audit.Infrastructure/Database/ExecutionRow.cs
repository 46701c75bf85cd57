namespace Audit.Infrastructure.Database;

/// <summary>A row of <c>executions</c>.</summary>
public sealed class ExecutionRow : IEventRow
{
    public DateTimeOffset OccurredAt { get; set; }

    public long RawId { get; set; }

    public long Serial { get; set; }

    public string Host { get; set; } = "";

    public string? LoginUser { get; set; }

    public long? Auid { get; set; }

    public string? UserName { get; set; }

    public long? Uid { get; set; }

    public string? EffectiveUser { get; set; }

    public long? Euid { get; set; }

    public long? Session { get; set; }

    public int? Pid { get; set; }

    public int? Ppid { get; set; }

    public string? Exe { get; set; }

    public string? Comm { get; set; }

    public string[]? Argv { get; set; }

    public string CommandLine { get; set; } = "";

    public string? Cwd { get; set; }

    public string? Tty { get; set; }

    public string? Key { get; set; }

    public bool? Success { get; set; }
}
