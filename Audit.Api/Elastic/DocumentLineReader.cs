using System.Text;
using System.Text.Json;
using Audit.Api.Ingest;
using Audit.Infrastructure.Ingest;

namespace Audit.Api.Elastic;

/// <summary>
/// One shipped JSON document as a raw line, whatever it holds: <see cref="EventDocumentReader"/> maps the
/// known shapes; a document that is not valid JSON is kept as it came (escaped where needed) with the
/// reason in its fields, because shippers drop what a per-item 4xx refuses and an audit trail must not
/// lose a line to a broken template.
/// </summary>
public static class DocumentLineReader
{
    public const string IngestErrorField = "audit_ingest_error";

    public static RawLine Read(ReadOnlySpan<byte> doc, in IngestDefaults defaults, string? documentId, string where)
    {
        if (EventDocumentReader.TryRead(doc, defaults, documentId, out var line, out var error)) return line;

        var text = defaults.Text(doc, out var exactBytes, out var note);
        return new RawLine(
            string.IsNullOrWhiteSpace(defaults.Host) ? IngestDefaults.UnknownHost : defaults.Host,
            defaults.Source ?? "",
            text,
            exactBytes,
            DedupKey: documentId is { Length: > 0 } ? DedupKey.FromDocumentId(documentId) : null,
            FieldsJson: ErrorFields($"{where}: not a JSON object, stored as a raw line: {error}"),
            Note: note);
    }

    private static string ErrorFields(string reason)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString(IngestErrorField, reason);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
