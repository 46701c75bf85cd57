namespace Audit.Domain.Auditd;

/// <summary>How an auditd field value was written, which decides how it is decoded.</summary>
public enum AuditValueKind
{
    /// <summary>Unquoted and taken as written (numbers, <c>(none)</c>, <c>?</c>, words).</summary>
    Bare = 0,

    /// <summary>In double quotes: text, never hex — even when it looks like hex (<c>a2="3005"</c>).</summary>
    Quoted = 1,

    /// <summary>Unquoted hex in a field the kernel encodes: the value is the decoded bytes.</summary>
    Hex = 2,

    /// <summary><c>(null)</c>: no value.</summary>
    Null = 3,

    /// <summary>In braces (<c>SADDR={ saddr_fam=inet … }</c>, ENRICHED only): the text inside.</summary>
    Braced = 4,
}
