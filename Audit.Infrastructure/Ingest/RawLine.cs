namespace Audit.Infrastructure.Ingest;

/// <summary>
/// One line as a shipper sent it. <see cref="Line"/> is storable text; when the original held NUL or
/// invalid UTF-8, <see cref="LineBytes"/> keeps the exact bytes. <see cref="Program"/> is set only
/// when the shipper sent the syslog tag apart from a bare message.
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
    string? FieldsJson = null);
