using Audit.Domain.Events;

namespace Audit.Domain.Auditd;

/// <summary>
/// What one assembly pass produced: finished events (time order), the records still waiting (arrival
/// order; persist them and pass them in again next time) and records dropped as exact duplicates.
/// </summary>
public sealed record AuditAssemblyResult(
    IReadOnlyList<AssembledAuditEvent> Events,
    IReadOnlyList<PendingAuditRecord> Pending,
    IReadOnlyList<PendingAuditRecord> Duplicates);
