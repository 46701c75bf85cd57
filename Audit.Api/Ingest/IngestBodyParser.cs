using System.Text.Json;
using Audit.Infrastructure.Ingest;

namespace Audit.Api.Ingest;

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
