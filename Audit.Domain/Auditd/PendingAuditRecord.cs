namespace Audit.Domain.Auditd;

/// <summary>
/// A record waiting for the rest of its event. To persist it, store <see cref="RawLineId"/>,
/// <see cref="ArrivedAt"/>, <c>Record.Host</c> and <c>Record.Text</c> (plus, for indexing,
/// <c>Record.EpochMilliseconds</c> and <c>Record.Serial</c>); <see cref="Restore"/> rebuilds it.
/// </summary>
public sealed record PendingAuditRecord(long RawLineId, AuditRecord Record, DateTimeOffset ArrivedAt)
{
    /// <summary>Rebuilds a persisted pending record; null if the text is no longer an audit record.</summary>
    public static PendingAuditRecord? Restore(long rawLineId, string host, string text, DateTimeOffset arrivedAt) =>
        AuditRecordParser.TryParse(text, host, out var record) ? new PendingAuditRecord(rawLineId, record, arrivedAt) : null;
}
