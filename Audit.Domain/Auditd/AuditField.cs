namespace Audit.Domain.Auditd;

/// <summary>
/// One <c>name=value</c> of an auditd record. <see cref="Value"/> is what the kernel meant (quotes
/// removed, hex decoded, <c>null</c> for <c>(null)</c>); <see cref="Raw"/> is the value as written.
/// </summary>
public readonly record struct AuditField(string Name, string? Value, string Raw, AuditValueKind Kind, AuditFieldScope Scope);
