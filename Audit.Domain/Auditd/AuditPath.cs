namespace Audit.Domain.Auditd;

/// <summary>
/// One PATH record of an event: the file a syscall touched. <see cref="Mode"/> is the octal text as
/// written (<c>0100755</c>); <see cref="Owner"/>/<see cref="OwnerGroup"/> are names where known.
/// </summary>
public sealed record AuditPath(
    int? Item,
    string? Name,
    string? NameType,
    long? Inode,
    string? Device,
    string? Mode,
    long? Ouid,
    long? Ogid,
    string? Owner,
    string? OwnerGroup);
