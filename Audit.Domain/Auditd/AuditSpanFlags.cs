namespace Audit.Domain.Auditd;

/// <summary>How a field was written, as found by <see cref="AuditBodyTokenizer"/>.</summary>
[Flags]
internal enum AuditSpanFlags : byte
{
    None = 0,
    Quoted = 1,
    Braced = 2,
    Message = 4,
    Enrichment = 8,
    Unterminated = 16,
}
