namespace Audit.Domain.Auditd;

/// <summary>Names not written as <c>name=</c> in the text (old spellings and SELinux AVC prose).</summary>
internal enum AuditSyntheticName : byte
{
    None = 0,

    /// <summary>RHEL 5/6 <c>old auid=</c> / <c>old ses=</c>: the name gets the modern <c>old-</c> prefix.</summary>
    OldPrefix = 1,

    /// <summary>SELinux <c>avc:  denied</c>: the decision, as auparse names it.</summary>
    SeResult = 2,

    /// <summary>SELinux <c>{ read write }</c>: the permissions, comma-joined.</summary>
    SePerms = 3,
}
