using System.Net;
using System.Text;
using System.Text.Json;
using Audit.Api.Ingest;

namespace Audit.Tests.RealMachine;

/// <summary>
/// Sends a log file to the API as a shipper would: Filebeat-shaped NDJSON (host.name, log.file.path,
/// log.offset — the byte offset of each line, Filebeat's dedup key) or text/plain with ?host=&amp;source=.
/// The source path is the standard one, so that routing picks the parser.
/// </summary>
public static class LogShipping
{
    private const int BatchLines = 500;

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static async Task<int> ShipAsFilebeatAsync(HttpClient client, string file, string host, string sourcePath)
    {
        var bytes = await File.ReadAllBytesAsync(file);
        var docs = new List<string>();
        var offset = 0;
        while (offset < bytes.Length)
        {
            var end = Array.IndexOf(bytes, (byte)'\n', offset);
            if (end < 0) end = bytes.Length;
            docs.Add(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["@timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
                ["message"] = Encoding.UTF8.GetString(bytes, offset, end - offset),
                ["host"] = new { name = host },
                ["log"] = new { offset, file = new { path = sourcePath } },
                ["input"] = new { type = "filestream" },
                ["agent"] = new { type = "filebeat" },
            }));
            offset = end + 1;
        }

        foreach (var batch in docs.Chunk(BatchLines))
        {
            await PostAsync(client, "/api/v1/ingest", new StringContent(string.Join('\n', batch) + "\n", Encoding.UTF8, "application/x-ndjson"), batch.Length);
        }

        return docs.Count;
    }

    public static async Task<int> ShipAsTextAsync(HttpClient client, string file, string host, string sourcePath)
    {
        var lines = await File.ReadAllLinesAsync(file);
        foreach (var batch in lines.Chunk(BatchLines))
        {
            var uri = $"/api/v1/ingest?host={Uri.EscapeDataString(host)}&source={Uri.EscapeDataString(sourcePath)}";
            await PostAsync(client, uri, new StringContent(string.Join('\n', batch) + "\n", Encoding.UTF8, "text/plain"), batch.Length);
        }

        return lines.Length;
    }

    private static async Task PostAsync(HttpClient client, string uri, HttpContent body, int lines)
    {
        using var response = await client.PostAsync(uri, body);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Accepted) throw new InvalidOperationException($"ingest answered {(int)response.StatusCode}: {text}");
        var ack = JsonSerializer.Deserialize<IngestResponse>(text, Web)!;
        if (ack.Accepted != lines || ack.Duplicates != 0) throw new InvalidOperationException($"ingest took {ack.Accepted} of {lines} lines ({ack.Duplicates} duplicates): {text}");
    }
}
