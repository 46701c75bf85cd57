namespace Audit.Infrastructure.Ingest;

/// <summary>
/// One line as a shipper sent it. <see cref="Line"/> is storable text; when the original held NUL or
/// invalid UTF-8, <see cref="LineBytes"/> keeps the exact bytes. <see cref="Program"/> is set only
/// when the shipper sent the syslog tag apart from a bare message. <see cref="Note"/> says what ingest had
/// to change to store the line (a cut, an escape); it ends up in <c>fields.audit_ingest_error</c>.
/// </summary>
public sealed record RawLine(
    string Host,
    string Source,
    string Line,
    byte[]? LineBytes = null,
    string? Program = null,
    DateTimeOffset? ShipperTime = null,
    string? TimeZone = null,
    Guid? DedupKey = null,
    string? FieldsJson = null,
    string? Note = null);
