using System.Globalization;
using System.Text;
using System.Text.Json;
using Audit.Domain.Text;
using Audit.Infrastructure.Ingest;

namespace Audit.Api.Ingest;

/// <summary>
/// Maps one JSON document to a raw line. Understands Filebeat's shape (<c>message</c>,
/// <c>@timestamp</c>, <c>host.name</c>, <c>log.file.path</c>, <c>log.offset</c>, <c>event.timezone</c>,
/// <c>fields</c>), flat documents (<c>line</c>, <c>host</c>, <c>source</c>/<c>path</c>, <c>timestamp</c>)
/// and syslog daemons' documents that carry the header apart (<c>programname</c>/<c>PROGRAM</c>,
/// <c>hostname</c>/<c>HOST</c>, <c>timereported</c>, <c>msg</c>/<c>MESSAGE</c>). Nested and dotted keys
/// are the same to it. A document with no message is kept whole as its line.
/// </summary>
public static class EventDocumentReader
{
    private const int MaxDepth = 8;

    /// <summary>Reads one document; false with an error message when it is not a JSON object.</summary>
    public static bool TryRead(ReadOnlySpan<byte> json, in IngestDefaults defaults, string? documentId, out RawLine line, out string error)
    {
        line = null!;
        error = "";
        var f = new DocumentFields { DocumentId = documentId };
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = "expected a JSON object";
                return false;
            }

            ReadObject(ref reader, json, "", 0, f);
            if (reader.Read())
            {
                error = "unexpected data after the JSON object";
                return false;
            }
        }
        catch (JsonException e)
        {
            error = e.Message;
            return false;
        }

        line = ToRawLine(json, f, defaults);
        return true;
    }

    private static void ReadObject(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, string prefix, int depth, DocumentFields f)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = prefix.Length == 0 ? reader.GetString()! : prefix + "." + reader.GetString();
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject when name == "fields":
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    f.FieldsJson = Encoding.UTF8.GetString(json[start..(int)reader.BytesConsumed]);
                    break;
                case JsonTokenType.StartObject when depth < MaxDepth && IsInteresting(name):
                    ReadObject(ref reader, json, name, depth + 1, f);
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    reader.Skip();
                    break;
                case JsonTokenType.String or JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False:
                    Take(ref reader, name, f);
                    break;
            }
        }
    }

    // Objects worth descending into; everything else is skipped whole.
    private static bool IsInteresting(string name) => name is "host" or "log" or "log.file" or "event" or "@metadata" or "agent" or "file";

    private static void Take(ref Utf8JsonReader reader, string name, DocumentFields f)
    {
        switch (name)
        {
            case "message": TakeMessage(ref reader, f, 0, bare: false); break;
            case "line": TakeMessage(ref reader, f, 1, bare: false); break;
            case "rawmsg": TakeMessage(ref reader, f, 2, bare: false); break;
            case "msg" or "MESSAGE": TakeMessage(ref reader, f, 3, bare: true); break;
            case "host.name": SetRanked(ref f.Host, ref f.HostRank, 0, Text(ref reader)); break;
            case "host.hostname": SetRanked(ref f.Host, ref f.HostRank, 1, Text(ref reader)); break;
            case "host": SetRanked(ref f.Host, ref f.HostRank, 2, Text(ref reader)); break;
            case "hostname" or "HOST": SetRanked(ref f.Host, ref f.HostRank, 3, Text(ref reader)); break;
            case "log.file.path": SetRanked(ref f.Path, ref f.PathRank, 0, Text(ref reader)); break;
            case "source" or "path" or "file.path": SetRanked(ref f.Path, ref f.PathRank, 1, Text(ref reader)); break;
            case "FILE_NAME" or "log.file" or "file": SetRanked(ref f.Path, ref f.PathRank, 2, Text(ref reader)); break;
            case "@timestamp": SetRanked(ref f.Timestamp, ref f.TimestampRank, 0, Text(ref reader)); break;
            case "timereported" or "ISODATE": SetRanked(ref f.Timestamp, ref f.TimestampRank, 1, Text(ref reader)); break;
            case "timestamp" or "time": SetRanked(ref f.Timestamp, ref f.TimestampRank, 2, Text(ref reader)); break;
            case "event.timezone": f.TimeZone = Text(ref reader); break;
            case "log.offset" or "offset": f.Offset = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var o) ? o : long.TryParse(Text(ref reader), NumberStyles.None, CultureInfo.InvariantCulture, out var so) ? so : null; break;
            case "log.file.inode": f.Inode = Text(ref reader); break;
            case "log.file.device_id": f.Device = Text(ref reader); break;
            case "log.file.fingerprint": f.Fingerprint = Text(ref reader); break;
            case "programname" or "program" or "PROGRAM" or "app-name" or "appname": f.Program ??= Text(ref reader); break;
            case "syslogtag" or "tag": f.Program ??= Text(ref reader)?.TrimEnd(':'); break;
            case "procid" or "pid" or "PID": f.Pid ??= Text(ref reader); break;
            case "_id" or "@metadata._id": f.DocumentId ??= Text(ref reader); break;
        }
    }

    private static void TakeMessage(ref Utf8JsonReader reader, DocumentFields f, int rank, bool bare)
    {
        if (reader.TokenType != JsonTokenType.String || rank >= f.MessageRank) return;
        f.MessageRank = rank;
        f.MessageIsBare = bare;
        try
        {
            f.Message = LineText.Sanitize(reader.GetString()!, out var exact);
            f.MessageExact = exact;
            f.MessageBytes = exact ? null : Encoding.UTF8.GetBytes(reader.GetString()!);
        }
        catch (InvalidOperationException)
        {
            // Invalid UTF-8 or a lone surrogate escape: keep the JSON text of the value as it came.
            var raw = reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray();
            f.Message = LineText.Decode(raw, out _);
            f.MessageExact = false;
            f.MessageBytes = raw;
        }
    }

    private static string? Text(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.TokenType switch
            {
                JsonTokenType.String => LineText.Sanitize(reader.GetString()!, out _),
                JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                JsonTokenType.True => "true",
                JsonTokenType.False => "false",
                _ => null,
            };
        }
        catch (InvalidOperationException)
        {
            return LineText.Decode(reader.ValueSpan, out _);
        }
    }

    private static void SetRanked(ref string? slot, ref int slotRank, int rank, string? value)
    {
        if (value is null || rank >= slotRank) return;
        slot = value;
        slotRank = rank;
    }

    private static RawLine ToRawLine(ReadOnlySpan<byte> json, DocumentFields f, in IngestDefaults defaults)
    {
        var host = NonEmpty(f.Host) ?? NonEmpty(defaults.Host) ?? IngestDefaults.UnknownHost;
        var path = NonEmpty(f.Path) ?? defaults.Source ?? "";
        DateTimeOffset? shipperTime = DateTimeOffset.TryParse(f.Timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var ts) ? ts.ToUniversalTime() : null;

        Guid? dedup = null;
        if (f.DocumentId is { Length: > 0 } id) dedup = DedupKey.FromDocumentId(id);
        else if (f.Offset is { } offset) dedup = DedupKey.FromOffset(host, path, f.Fingerprint ?? (f.Inode is null ? null : f.Inode + "/" + f.Device), offset);

        if (f.Message is null)
        {
            // Unknown shape: the document itself is the line, so nothing is lost; parsing says why it is unparsed.
            var whole = LineText.Decode(json, out var exact);
            return new RawLine(host, path, whole, exact ? null : json.ToArray(), null, shipperTime, f.TimeZone, dedup, f.FieldsJson);
        }

        string? program = null;
        if (f.MessageIsBare && NonEmpty(f.Program) is { } p)
        {
            program = f.Pid is { Length: > 0 } pid && !p.Contains('[', StringComparison.Ordinal) ? $"{p}[{pid}]" : p;
        }

        return new RawLine(host, path, f.Message, f.MessageBytes, program, shipperTime, f.TimeZone, dedup, f.FieldsJson);
    }

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
