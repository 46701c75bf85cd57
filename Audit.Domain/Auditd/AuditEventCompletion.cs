namespace Audit.Domain.Auditd;

/// <summary>Why the assembler considered an auditd event finished.</summary>
public enum AuditEventCompletion
{
    /// <summary>An EOE record closed it and the parts it announces (items, argc) are there.</summary>
    EndOfEvent = 0,

    /// <summary>A user-space or daemon record: always one record, emitted at once.</summary>
    SingleRecord = 1,

    /// <summary>A record of the same host at least the stream window later was seen.</summary>
    StreamAdvanced = 2,

    /// <summary>Nothing new for it arrived within the quiet window.</summary>
    QuietWindow = 3,

    /// <summary>Emitted early because a pending limit was reached.</summary>
    LimitReached = 4,
}
