using System.Text;
using System.Text.Json;
using Audit.Domain.Text;

namespace Audit.Infrastructure.Ingest;

/// <summary>
/// The last check before COPY, for every route (native, <c>/_bulk</c>, app events, Redis): whatever PostgreSQL
/// cannot take as it is becomes storable here, one line at a time, so one document never fails its batch.
/// Host, source, program and zone lose control characters (escaped as <c>\xNN</c>) and are cut to a sane length;
/// the line is cut at <see cref="IngestOptions.MaxLineBytes"/>; <c>fields</c> that jsonb refuses (a <c>\u0000</c>,
/// a lone surrogate, a number beyond numeric) are kept as their JSON text under <see cref="RawFieldsField"/>.
/// What was changed is written to <c>fields.audit_ingest_error</c>.
/// </summary>
public static class RawLineGuard
{
    public const string ErrorField = "audit_ingest_error";
    public const string RawFieldsField = "audit_raw_fields";
    public const int MaxHostChars = 255;
    public const int MaxSourceChars = 4096;

    /// <summary>The line as it can be stored (the same instance when nothing needed changing).</summary>
    public static RawLine MakeStorable(RawLine line, int maxLineBytes, bool conservative = false)
    {
        List<string>? notes = line.Note is null ? null : [line.Note];
        var host = Name(line.Host, MaxHostChars, "host", ref notes);
        var source = Name(line.Source, MaxSourceChars, "source", ref notes);
        var program = line.Program is null ? null : Name(line.Program, MaxHostChars, "program", ref notes);
        var zone = line.TimeZone is null ? null : Name(line.TimeZone, 64, "event.timezone", ref notes);

        var text = line.Line;
        if (text.Length > maxLineBytes || NeedsEscape(text, allowControl: true))
        {
            text = LineText.SanitizeBounded(text, maxLineBytes, out _, out var cut);
            (notes ??= []).Add(cut ? $"line cut: {line.Line.Length} characters sent, the first {text.Length} kept (Ingest:MaxLineBytes)" : "line: NUL or a lone surrogate escaped");
        }

        var bytes = line.LineBytes;
        if (bytes is { Length: var n } && n > maxLineBytes)
        {
            bytes = bytes[..maxLineBytes];
            (notes ??= []).Add($"line cut: {n} bytes sent, the first {maxLineBytes} kept (Ingest:MaxLineBytes)");
        }

        var fields = line.FieldsJson;
        var why = fields is null ? null : conservative ? "PostgreSQL refused the batch as it was" : IsStorableJsonb(fields, out var reason) ? null : reason;
        if (why is not null)
        {
            fields = WrapFields(fields!, maxLineBytes);
            (notes ??= []).Add($"fields: {why}; kept as JSON text in {RawFieldsField}");
        }

        if (notes is null && ReferenceEquals(host, line.Host) && ReferenceEquals(source, line.Source)
            && ReferenceEquals(program, line.Program) && ReferenceEquals(zone, line.TimeZone) && ReferenceEquals(text, line.Line))
        {
            return line;
        }

        if (notes is not null) fields = WithNote(fields, string.Join("; ", notes.Distinct()));
        return line with { Host = host, Source = source, Program = program, TimeZone = zone, Line = text, LineBytes = bytes, FieldsJson = fields, Note = null };
    }

    /// <summary>False (with the reason) when jsonb would refuse <paramref name="json"/>: NUL, lone surrogates, numbers numeric cannot hold.</summary>
    public static bool IsStorableJsonb(string json, out string reason)
    {
        reason = "";
        if (json.AsSpan().IndexOf('\0') >= 0 || LineText.HasLoneSurrogate(json))
        {
            reason = "NUL or a lone surrogate";
            return false;
        }

        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.String or JsonTokenType.PropertyName when reader.ValueIsEscaped:
                        if (reader.GetString()!.Contains('\0', StringComparison.Ordinal))
                        {
                            reason = "a \\u0000 escape, which jsonb refuses";
                            return false;
                        }

                        break;
                    case JsonTokenType.Number when reader.ValueSpan.Length > 64 || HugeExponent(reader.ValueSpan):
                        reason = "a number PostgreSQL's numeric cannot hold";
                        return false;
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            reason = "a lone surrogate escape or malformed JSON";
            return false;
        }

        return true;
    }

    // numeric holds up to 131072 digits before the point and 16383 after; anything near that is kept as text.
    private static bool HugeExponent(ReadOnlySpan<byte> number)
    {
        var e = number.IndexOfAny((byte)'e', (byte)'E');
        if (e < 0) return false;
        var digits = number[(e + 1)..].TrimStart("+-"u8).TrimStart((byte)'0');
        return digits.Length > 4;
    }

    private static string Name(string value, int max, string what, ref List<string>? notes)
    {
        if (value.Length <= max && !NeedsEscape(value, allowControl: false)) return value;
        var sb = new StringBuilder(Math.Min(value.Length, max));
        for (var i = 0; i < value.Length && sb.Length < max; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) sb.Append(c).Append(value[++i]);
            else if (char.IsSurrogate(c)) sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            else if (char.IsControl(c) && c <= '\u007f') sb.Append("\\x").Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            else sb.Append(c);
        }

        if (sb.Length > max) sb.Length = max;
        if (sb.Length > 0 && char.IsHighSurrogate(sb[^1])) sb.Length--;
        (notes ??= []).Add(value.Length > max ? $"{what} cut to {max} characters" : $"{what}: control characters escaped");
        return sb.ToString();
    }

    private static bool NeedsEscape(string value, bool allowControl)
    {
        var span = value.AsSpan();
        if (allowControl ? span.IndexOf('\0') >= 0 : span.IndexOfAnyInRange('\0', '\u001f') >= 0 || span.IndexOf('\u007f') >= 0) return true;
        return span.IndexOfAnyInRange('\ud800', '\udfff') >= 0 && LineText.HasLoneSurrogate(span);
    }

    // The JSON text as a string value: the writer escapes what jsonb cannot hold, and a \u0000 escape in the
    // text stays six characters, so nothing is lost and nothing unstorable remains.
    private static string WrapFields(string fields, int max)
    {
        var text = LineText.SanitizeBounded(fields, max, out _, out _);
        return Write(w => w.WriteString(RawFieldsField, text));
    }

    /// <summary>Adds (or replaces) <see cref="ErrorField"/> in a fields object; a new object when there were none.</summary>
    private static string WithNote(string? fields, string note)
    {
        if (fields is null) return Write(w => w.WriteString(ErrorField, note));
        using var doc = JsonDocument.Parse(fields);
        if (doc.RootElement.ValueKind != JsonValueKind.Object) return Write(w => { w.WriteString(ErrorField, note); w.WritePropertyName(RawFieldsField); doc.RootElement.WriteTo(w); });
        return Write(w =>
        {
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (p.NameEquals(ErrorField)) note = p.Value.ToString() + "; " + note;
                else p.WriteTo(w);
            }

            w.WriteString(ErrorField, note);
        });
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }
}
