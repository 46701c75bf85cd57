using Audit.Domain.Events;

namespace Audit.Domain.Auditd;

/// <summary>
/// A line that held several auditd records joined by spaces (how Wazuh writes a multi-record event).
/// Ordinary audit.log lines parse to a single <see cref="AuditRecord"/> instead.
/// </summary>
public sealed record AuditRecordLine(DateTimeOffset OccurredAt, string Host, IReadOnlyList<AuditRecord> Records) : AuditEvent(OccurredAt, Host);
