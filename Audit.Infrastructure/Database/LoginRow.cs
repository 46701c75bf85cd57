namespace Audit.Infrastructure.Database;

/// <summary>A row of <c>logins</c>.</summary>
public sealed class LoginRow : IEventRow
{
    public DateTimeOffset OccurredAt { get; set; }

    public long RawId { get; set; }

    public string Host { get; set; } = "";

    public string? UserName { get; set; }

    public string? SourceIp { get; set; }

    public int? SourcePort { get; set; }

    public string? Method { get; set; }

    public string Outcome { get; set; } = "";

    public bool InvalidUser { get; set; }

    public string? KeyType { get; set; }

    public string? KeyFingerprint { get; set; }

    public string Detail { get; set; } = "";

    public int? SshdPid { get; set; }

    public string Service { get; set; } = "sshd";

    public string? SourceHost { get; set; }

    public string[]? Details { get; set; }

    public string? RelayHost { get; set; }
}
