namespace Audit.Infrastructure.Database;

/// <summary>A row of <c>audit_logins</c>: the kernel gave process <see cref="Pid"/> its login uid and session.</summary>
public sealed class AuditLoginRow
{
    public DateTimeOffset OccurredAt { get; set; }

    public long RawId { get; set; }

    public long Serial { get; set; }

    public string Host { get; set; } = "";

    public int? Pid { get; set; }

    public long? Auid { get; set; }

    public long? Session { get; set; }

    public string? LoginUser { get; set; }
}
