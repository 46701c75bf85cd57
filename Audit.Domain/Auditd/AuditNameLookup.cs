namespace Audit.Domain.Auditd;

/// <summary>
/// Names a uid or gid on a host when the records do not (RAW format), e.g. from names the host's own
/// lines taught the caller. Returns null when unknown. Must be pure and fast; it is called per id.
/// </summary>
public delegate string? AuditNameLookup(string host, AuditIdKind kind, long id);
