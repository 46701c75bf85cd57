namespace Audit.Infrastructure.Database;

/// <summary>A row of <c>account_changes</c>.</summary>
public sealed class AccountChangeRow : IEventRow
{
    public DateTimeOffset OccurredAt { get; set; }

    public long RawId { get; set; }

    public string Host { get; set; } = "";

    public string Action { get; set; } = "";

    public string Target { get; set; } = "";

    public string? GroupName { get; set; }

    public string? Actor { get; set; }

    public long? Uid { get; set; }

    public long? Gid { get; set; }

    public string? Home { get; set; }

    public string? Shell { get; set; }

    public string? Detail { get; set; }

    public string Program { get; set; } = "";

    public bool Success { get; set; } = true;

    /// <summary><c>auth</c> (a shadow-utils/PAM line) or <c>auditd</c>.</summary>
    public string Origin { get; set; } = "auth";

    /// <summary>The tool's pid: the syslog tag's, or auditd's pid=; what matches the two origins.</summary>
    public int? Pid { get; set; }

    public string? LoginUser { get; set; }

    public long? LoginUid { get; set; }

    public long? Session { get; set; }
}
