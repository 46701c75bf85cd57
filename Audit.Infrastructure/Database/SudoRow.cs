namespace Audit.Infrastructure.Database;

/// <summary>A row of <c>sudo_events</c> (from auth.log or auditd USER_CMD).</summary>
public sealed class SudoRow : IEventRow
{
    public DateTimeOffset OccurredAt { get; set; }

    public long RawId { get; set; }

    public string Host { get; set; } = "";

    public string UserName { get; set; } = "";

    public string? RunAs { get; set; }

    public string? RunAsGroup { get; set; }

    public string? Command { get; set; }

    public string? Cwd { get; set; }

    public string? Tty { get; set; }

    public string Outcome { get; set; } = "";

    public string? Reason { get; set; }

    public int? IncorrectAttempts { get; set; }

    public string Origin { get; set; } = "";

    public int? Pid { get; set; }

    public string? LoginUser { get; set; }

    public long? LoginUid { get; set; }

    public long? Session { get; set; }

    /// <summary>The command in the form auth.log and auditd agree on (see SudoCommandKey).</summary>
    public string? CommandKey { get; set; }
}
