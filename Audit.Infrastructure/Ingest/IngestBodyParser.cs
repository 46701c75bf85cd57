using System.Text;
using System.Text.Json;
using Audit.Domain.Text;

namespace Audit.Infrastructure.Ingest;

/// <summary>
/// Splits an ingest body into raw lines: NDJSON (one document a line), a JSON array of documents,
/// or plain text (one raw line a line). A malformed document rejects the body with its line number,
/// before anything is stored, so a batch is never half-stored.
/// </summary>
public static class IngestBodyParser
{
    public static BodyParseResult ParseJson(ReadOnlySpan<byte> body, in IngestDefaults defaults, int maxLines)
    {
        var first = FirstNonWhitespace(body);
        return first >= 0 && body[first] == (byte)'[' ? ParseArray(body, defaults, maxLines) : ParseNdjson(body, defaults, maxLines);
    }

    public static BodyParseResult ParseNdjson(ReadOnlySpan<byte> body, in IngestDefaults defaults, int maxLines)
    {
        var lines = new List<RawLine>();
        var lineNo = 0;
        while (!body.IsEmpty)
        {
            lineNo++;
            var nl = body.IndexOf((byte)'\n');
            var doc = nl < 0 ? body : body[..nl];
            body = nl < 0 ? default : body[(nl + 1)..];
            if (FirstNonWhitespace(doc) < 0) continue;
            if (lines.Count >= maxLines) return new BodyParseResult([], $"more than {maxLines} lines in one request", TooManyLines: true);
            if (!EventDocumentReader.TryRead(doc, defaults, null, out var line, out var error))
            {
                return new BodyParseResult([], $"line {lineNo}: {error}");
            }

            lines.Add(line);
        }

        return new BodyParseResult(lines, null);
    }

    private static BodyParseResult ParseArray(ReadOnlySpan<byte> body, in IngestDefaults defaults, int maxLines)
    {
        var lines = new List<RawLine>();
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            reader.Read(); // StartArray
            var index = 0;
            var counted = 0;
            var lineNo = 1;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var position = (int)reader.TokenStartIndex;
                lineNo += body[counted..position].Count((byte)'\n');
                counted = position;
                if (reader.TokenType != JsonTokenType.StartObject) return new BodyParseResult([], $"line {lineNo}: element {index} is not a JSON object");
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                if (lines.Count >= maxLines) return new BodyParseResult([], $"more than {maxLines} lines in one request", TooManyLines: true);
                if (!EventDocumentReader.TryRead(body[start..(int)reader.BytesConsumed], defaults, null, out var line, out var error))
                {
                    return new BodyParseResult([], $"line {lineNo}: {error}");
                }

                lines.Add(line);
                index++;
            }

            if (reader.TokenType != JsonTokenType.EndArray) return new BodyParseResult([], "line 1: unterminated JSON array");
        }
        catch (JsonException e)
        {
            return new BodyParseResult([], $"line {(e.LineNumber ?? 0) + 1}: {e.Message}");
        }

        return new BodyParseResult(lines, null);
    }

    /// <summary>text/plain: every non-empty line is one raw line; CR before LF is dropped.</summary>
    public static BodyParseResult ParseText(ReadOnlySpan<byte> body, in IngestDefaults defaults, int maxLines)
    {
        var lines = new List<RawLine>();
        var host = string.IsNullOrWhiteSpace(defaults.Host) ? IngestDefaults.UnknownHost : defaults.Host;
        var source = defaults.Source ?? "";
        while (!body.IsEmpty)
        {
            var nl = body.IndexOf((byte)'\n');
            var raw = nl < 0 ? body : body[..nl];
            body = nl < 0 ? default : body[(nl + 1)..];
            if (!raw.IsEmpty && raw[^1] == (byte)'\r') raw = raw[..^1];
            if (raw.IsEmpty) continue;
            if (lines.Count >= maxLines) return new BodyParseResult([], $"more than {maxLines} lines in one request", TooManyLines: true);
            var text = defaults.Text(raw, out var exact, out var note);
            lines.Add(new RawLine(host, source, text, exact, Note: note));
        }

        return new BodyParseResult(lines, null);
    }

    private static int FirstNonWhitespace(ReadOnlySpan<byte> s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return i;
        }

        return -1;
    }
}

/// <summary>The lines of a body, or the first error (naming the line) that made it unreadable.</summary>
public sealed record BodyParseResult(IReadOnlyList<RawLine> Lines, string? Error, bool TooManyLines = false)
{
    public bool Ok => Error is null;
}

/// <summary>
/// Where lines came from when the documents do not say (<c>?host=</c>, <c>?source=</c>), and the longest line
/// stored (<see cref="IngestOptions.MaxLineBytes"/>; 0 means its default).
/// </summary>
public readonly record struct IngestDefaults(string? Host, string? Source, int MaxLineBytes = 0)
{
    public const string UnknownHost = "unknown";

    public int LineLimit => MaxLineBytes > 0 ? MaxLineBytes : IngestOptions.DefaultMaxLineBytes;

    /// <summary>Raw bytes as storable text: cut at <see cref="LineLimit"/>, exact bytes kept when escapes were needed, the cut noted.</summary>
    public string Text(ReadOnlySpan<byte> raw, out byte[]? exactBytes, out string? note)
    {
        var text = LineText.DecodeBounded(raw, LineLimit, out var exact, out var kept, out var cut);
        exactBytes = exact ? null : raw[..kept].ToArray();
        note = cut ? CutNote(raw.Length, kept) : null;
        return text;
    }

    public static string CutNote(long length, long kept) =>
        $"line cut: {length} bytes sent, the first {kept} kept (Ingest:MaxLineBytes)";
}

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
