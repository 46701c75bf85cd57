using System.Globalization;
using System.Text;
using System.Text.Json;
using Audit.Domain.Text;

namespace Audit.Infrastructure.Ingest;

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

    // Every name the reader acts on, plain and dotted; other names are skipped without allocating.
    private static readonly HashSet<string> KnownNames = new(StringComparer.Ordinal)
    {
        "message", "line", "rawmsg", "msg", "MESSAGE", "host", "name", "hostname", "HOST", "log", "file", "path", "source", "FILE_NAME",
        "@timestamp", "timereported", "ISODATE", "timestamp", "time", "event", "timezone", "offset", "inode", "device_id", "fingerprint",
        "programname", "program", "PROGRAM", "app-name", "appname", "syslogtag", "tag", "procid", "pid", "PID", "_id", "@metadata", "fields", "agent",
        "host.name", "host.hostname", "log.file.path", "log.offset", "log.file.inode", "log.file.device_id", "log.file.fingerprint", "event.timezone",
        "@metadata._id", "file.path", "log.file",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> KnownLookup = KnownNames.GetAlternateLookup<ReadOnlySpan<char>>();

    // Nested names as dotted paths, so nesting and dotted keys read the same.
    private static readonly Dictionary<(string Prefix, string Name), string> NestedPaths = new()
    {
        [("host", "name")] = "host.name", [("host", "hostname")] = "host.hostname", [("log", "offset")] = "log.offset", [("log", "file")] = "log.file",
        [("log.file", "path")] = "log.file.path", [("log.file", "inode")] = "log.file.inode", [("log.file", "device_id")] = "log.file.device_id",
        [("log.file", "fingerprint")] = "log.file.fingerprint", [("event", "timezone")] = "event.timezone", [("@metadata", "_id")] = "@metadata._id",
        [("file", "path")] = "file.path",
    };

    /// <summary>Reads one document; false with an error message when it is not a JSON object.</summary>
    public static bool TryRead(ReadOnlySpan<byte> json, in IngestDefaults defaults, string? documentId, out RawLine line, out string error)
    {
        line = null!;
        error = "";
        var f = new DocumentFields { DocumentId = documentId, LineLimit = defaults.LineLimit };
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
            var own = KnownName(ref reader);
            var name = own is null ? null : prefix.Length == 0 ? own : NestedPaths.GetValueOrDefault((prefix, own));
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray when name is null:
                    reader.Skip();
                    break;
                case JsonTokenType.String or JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False when name is null:
                    break;
                case JsonTokenType.StartObject when name == "fields":
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    f.FieldsJson = Encoding.UTF8.GetString(json[start..(int)reader.BytesConsumed]);
                    break;
                case JsonTokenType.StartObject when depth < MaxDepth && IsInteresting(name!):
                    ReadObject(ref reader, json, name!, depth + 1, f);
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    reader.Skip();
                    break;
                case JsonTokenType.String or JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False:
                    Take(ref reader, name!, f);
                    break;
            }
        }
    }

    /// <summary>The property name as one of <see cref="KnownNames"/> (no allocation), or null.</summary>
    private static string? KnownName(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence)
        {
            return KnownNames.TryGetValue(reader.GetString()!, out var named) ? named : null;
        }

        var raw = reader.ValueSpan;
        if (raw.Length > 32) return null;
        Span<char> chars = stackalloc char[32];
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] >= 0x80) return null;
            chars[i] = (char)raw[i];
        }

        return KnownLookup.TryGetValue(chars[..raw.Length], out var known) ? known : null;
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
            case "host.name": SetRanked(ref f.Host, ref f.HostRank, 0, Text(ref reader, f.LineLimit)); break;
            case "host.hostname": SetRanked(ref f.Host, ref f.HostRank, 1, Text(ref reader, f.LineLimit)); break;
            case "host": SetRanked(ref f.Host, ref f.HostRank, 2, Text(ref reader, f.LineLimit)); break;
            case "hostname" or "HOST": SetRanked(ref f.Host, ref f.HostRank, 3, Text(ref reader, f.LineLimit)); break;
            case "log.file.path": SetRanked(ref f.Path, ref f.PathRank, 0, Text(ref reader, f.LineLimit)); break;
            case "source" or "path" or "file.path": SetRanked(ref f.Path, ref f.PathRank, 1, Text(ref reader, f.LineLimit)); break;
            case "FILE_NAME" or "log.file" or "file": SetRanked(ref f.Path, ref f.PathRank, 2, Text(ref reader, f.LineLimit)); break;
            case "@timestamp": TakeTime(ref reader, f, 0); break;
            case "timereported" or "ISODATE": TakeTime(ref reader, f, 1); break;
            case "timestamp" or "time": TakeTime(ref reader, f, 2); break;
            case "event.timezone": f.TimeZone = Text(ref reader, f.LineLimit); break;
            case "log.offset" or "offset": f.Offset = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var o) ? o : long.TryParse(Text(ref reader, f.LineLimit), NumberStyles.None, CultureInfo.InvariantCulture, out var so) ? so : null; break;
            case "log.file.inode": f.Inode = Text(ref reader, f.LineLimit); break;
            case "log.file.device_id": f.Device = Text(ref reader, f.LineLimit); break;
            case "log.file.fingerprint": f.Fingerprint = Text(ref reader, f.LineLimit); break;
            case "programname" or "program" or "PROGRAM" or "app-name" or "appname": f.Program ??= Text(ref reader, f.LineLimit); break;
            case "syslogtag" or "tag": f.Program ??= Text(ref reader, f.LineLimit)?.TrimEnd(':'); break;
            case "procid" or "pid" or "PID": f.Pid ??= Text(ref reader, f.LineLimit); break;
            case "_id" or "@metadata._id": f.DocumentId ??= Text(ref reader, f.LineLimit); break;
        }
    }

    /// <summary>ISO 8601 straight from the bytes when it is that; other spellings are parsed from text later.</summary>
    private static void TakeTime(ref Utf8JsonReader reader, DocumentFields f, int rank)
    {
        if (rank >= f.TimestampRank) return;
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && HasZone(reader.ValueSpan) && reader.TryGetDateTimeOffset(out var t))
        {
            f.Time = t.ToUniversalTime();
            f.Timestamp = null;
            f.TimestampRank = rank;
            return;
        }

        if (Text(ref reader, f.LineLimit) is { } text)
        {
            f.Time = null;
            SetRanked(ref f.Timestamp, ref f.TimestampRank, rank, text);
        }
    }

    // Without a zone the text path applies UTC; the reader would assume the machine's local zone.
    private static bool HasZone(ReadOnlySpan<byte> v) =>
        v.Length > 6 && (v[^1] is (byte)'Z' or (byte)'z' || (v[^6] is (byte)'+' or (byte)'-' && v[^3] == (byte)':'));

    private static void TakeMessage(ref Utf8JsonReader reader, DocumentFields f, int rank, bool bare)
    {
        if (reader.TokenType != JsonTokenType.String || rank >= f.MessageRank) return;
        f.MessageRank = rank;
        f.MessageIsBare = bare;
        try
        {
            var value = reader.GetString()!;
            f.Message = LineText.SanitizeBounded(value, f.LineLimit, out var exact, out var cut);
            f.MessageExact = exact;
            f.MessageBytes = exact ? null : Encoding.UTF8.GetBytes(value, 0, Math.Min(value.Length, f.LineLimit));
            f.Note = cut ? $"line cut: {value.Length} characters sent, the first {f.LineLimit} kept (Ingest:MaxLineBytes)" : null;
        }
        catch (InvalidOperationException)
        {
            // Invalid UTF-8 or a lone surrogate escape: keep the JSON text of the value as it came.
            var raw = reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray();
            f.Message = LineText.DecodeBounded(raw, f.LineLimit, out _, out var kept, out var cut);
            f.MessageExact = false;
            f.MessageBytes = kept == raw.Length ? raw : raw[..kept];
            f.Note = cut ? IngestDefaults.CutNote(raw.Length, kept) : null;
        }
    }

    private static string? Text(ref Utf8JsonReader reader, int limit)
    {
        try
        {
            return reader.TokenType switch
            {
                JsonTokenType.String => LineText.SanitizeBounded(reader.GetString()!, limit, out _, out _),
                JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                JsonTokenType.True => "true",
                JsonTokenType.False => "false",
                _ => null,
            };
        }
        catch (InvalidOperationException)
        {
            return LineText.DecodeBounded(reader.ValueSpan, limit, out _, out _, out _);
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
        DateTimeOffset? shipperTime = f.Time
            ?? (DateTimeOffset.TryParse(f.Timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var ts) ? ts.ToUniversalTime() : null);

        Guid? dedup = null;
        if (f.DocumentId is { Length: > 0 } id) dedup = DedupKey.FromDocumentId(id);
        else if (f.Offset is { } offset) dedup = DedupKey.FromOffset(host, path, f.Fingerprint ?? (f.Inode is null ? null : f.Inode + "/" + f.Device), offset);

        if (f.Message is null)
        {
            // Unknown shape: the document itself is the line, so nothing is lost; parsing says why it is unparsed.
            var whole = defaults.Text(json, out var exactBytes, out var note);
            return new RawLine(host, path, whole, exactBytes, null, shipperTime, f.TimeZone, dedup, f.FieldsJson, note);
        }

        string? program = null;
        if (f.MessageIsBare && NonEmpty(f.Program) is { } p)
        {
            program = f.Pid is { Length: > 0 } pid && !p.Contains('[', StringComparison.Ordinal) ? $"{p}[{pid}]" : p;
        }

        return new RawLine(host, path, f.Message, f.MessageBytes, program, shipperTime, f.TimeZone, dedup, f.FieldsJson, f.Note);
    }

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}

/// <summary>What one JSON document told about its line, before it becomes a <c>RawLine</c>.</summary>
internal sealed class DocumentFields
{
    public string? Message;
    public int MessageRank = int.MaxValue; // lower wins: message > line > rawmsg > msg
    public bool MessageIsBare;
    public bool MessageExact = true;
    public byte[]? MessageBytes;
    public string? Host;
    public int HostRank = int.MaxValue;
    public string? Path;
    public int PathRank = int.MaxValue;
    public string? Timestamp;
    public DateTimeOffset? Time;
    public int TimestampRank = int.MaxValue;
    public string? TimeZone;
    public long? Offset;
    public string? Inode;
    public string? Device;
    public string? Fingerprint;
    public string? Program;
    public string? Pid;
    public string? DocumentId;
    public string? FieldsJson;
    public int LineLimit = IngestOptions.DefaultMaxLineBytes;
    public string? Note;
}
