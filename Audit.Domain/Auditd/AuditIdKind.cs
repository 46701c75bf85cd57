namespace Audit.Domain.Auditd;

public enum AuditIdKind
{
    User = 0,
    Group = 1,
}
