using Audit.Infrastructure.Database;

namespace Audit.Api.Queries;

/// <summary>A successful login with the end and the auditd session found for it.</summary>
public sealed class SessionView : IEventRow
{
    public DateTimeOffset OccurredAt { get; init; }

    public long RawId { get; init; }

    public string Host { get; init; } = "";

    public LoginRow Login { get; init; } = null!;

    public DateTimeOffset? End { get; init; }

    public long? AuditSession { get; init; }

    public long? LoginUid { get; init; }
}
