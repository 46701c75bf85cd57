namespace Audit.Domain.Auditd;

/// <summary>Where in an auditd record a field stood.</summary>
public enum AuditFieldScope
{
    /// <summary>In the record body (kernel fields, or the user-space header before <c>msg='</c>).</summary>
    Record = 0,

    /// <summary>Inside a user-space record's <c>msg='…'</c>.</summary>
    Message = 1,

    /// <summary>After the ENRICHED separator (0x1d): auditd's own interpretation, e.g. <c>AUID="alice"</c>.</summary>
    Enrichment = 2,
}
