namespace Audit.Domain.Auditd;

/// <summary>
/// What one assembly pass produced: finished events (time order), the records still waiting (arrival
/// order; persist them and pass them in again next time) and records dropped because they add nothing:
/// exact duplicates (also listed on their event) and an EOE that came after its event was emitted.
/// </summary>
public sealed record AuditAssemblyResult(
    IReadOnlyList<AssembledAuditEvent> Events,
    IReadOnlyList<PendingAuditRecord> Pending,
    IReadOnlyList<PendingAuditRecord> Dropped);
