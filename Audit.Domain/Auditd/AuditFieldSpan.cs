namespace Audit.Domain.Auditd;

/// <summary>
/// Where one field of a record lies in the record's text: name and value offsets (the value without
/// its quotes or braces). Decoding is deferred until a field is read.
/// </summary>
internal readonly record struct AuditFieldSpan(
    int NameStart,
    int NameLength,
    int ValueStart,
    int ValueLength,
    AuditSpanFlags Flags,
    AuditSyntheticName Synthetic)
{
    public bool Quoted => (Flags & AuditSpanFlags.Quoted) != 0;

    public bool InMessage => (Flags & AuditSpanFlags.Message) != 0;

    public bool Enrichment => (Flags & AuditSpanFlags.Enrichment) != 0;
}
