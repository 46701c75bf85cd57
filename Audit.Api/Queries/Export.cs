using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Audit.Api.Queries;

public enum ExportFormat
{
    /// <summary>A JSON page with a cursor.</summary>
    Page = 0,
    Csv = 1,
    Ndjson = 2,
}

/// <summary>
/// Streams every match as CSV or NDJSON while the database reader advances, so memory stays
/// constant however many rows match. Both read the item's JSON contract (the API's serializer
/// options): the CSV columns are the JSON properties, named and ordered as NDJSON writes them.
/// </summary>
public static class Export
{
    public static ExportFormat FormatOf(HttpRequest request)
    {
        var accept = request.Headers.Accept.ToString();
        if (accept.Contains("text/csv", StringComparison.OrdinalIgnoreCase)) return ExportFormat.Csv;
        if (accept.Contains("application/x-ndjson", StringComparison.OrdinalIgnoreCase)) return ExportFormat.Ndjson;
        return ExportFormat.Page;
    }

    public static PushStreamHttpResult Stream<T>(ExportFormat format, IAsyncEnumerable<T> rows, JsonSerializerOptions json) =>
        format == ExportFormat.Csv
            ? TypedResults.Stream(s => WriteCsvAsync(s, rows, Columns<T>(json)), "text/csv; charset=utf-8")
            : TypedResults.Stream(s => WriteNdjsonAsync(s, rows, json), "application/x-ndjson");

    /// <summary>The CSV columns of <typeparamref name="T"/>: its serialized JSON properties, in order.</summary>
    public static IReadOnlyList<JsonPropertyInfo> Columns<T>(JsonSerializerOptions json) =>
        json.GetTypeInfo(typeof(T)).Properties.Where(p => p.Get is not null).ToList();

    private static async Task WriteNdjsonAsync<T>(Stream stream, IAsyncEnumerable<T> rows, JsonSerializerOptions json)
    {
        var newline = "\n"u8.ToArray();
        await foreach (var row in rows)
        {
            await JsonSerializer.SerializeAsync(stream, row, json);
            await stream.WriteAsync(newline);
        }
    }

    private static async Task WriteCsvAsync<T>(Stream stream, IAsyncEnumerable<T> rows, IReadOnlyList<JsonPropertyInfo> columns)
    {
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 64 * 1024);
        await writer.WriteLineAsync(string.Join(',', columns.Select(c => Field(c.Name))));
        var n = 0;
        await foreach (var row in rows)
        {
            await writer.WriteLineAsync(string.Join(',', columns.Select(c => Value(c.Get!(row!)))));
            if (++n % 1000 == 0) await writer.FlushAsync();
        }
    }

    private static string Value(object? v) => v switch
    {
        null => "",
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        string s => Field(s),
        JsonElement e => Field(e.GetRawText()),
        IEnumerable<string> list => Field(string.Join(' ', list)),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Field(v.ToString() ?? ""),
    };

    /// <summary>RFC 4180 quoting; a leading = + - @ is prefixed with ' so spreadsheets do not run it as a formula.</summary>
    private static string Field(string s)
    {
        if (s.Length > 0 && s[0] is '=' or '+' or '-' or '@') s = "'" + s;
        return s.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
    }
}
