using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Audit.Tests.Api.Ingest;

/// <summary>
/// The requests Filebeat's Elasticsearch output sends, header for header, as libbeat builds them:
/// <c>Accept: application/json</c> on every request, <c>User-Agent: Elastic-Filebeat/&lt;ver&gt; (…)</c>,
/// <c>X-Elastic-Product-Origin: beats</c>, <c>Authorization: ApiKey base64(id:api_key)</c>; bulk bodies as
/// NDJSON with <c>Content-Type: application/json; charset=UTF-8</c>,
/// <c>X-Elastic-Uncompressed-Request-Length</c> and, with compression, <c>Content-Encoding: gzip</c>.
/// </summary>
public static class FilebeatRequests
{
    public const string FilterPath8 = "errors,items.*.error,items.*.status";
    public const string FilterPathLegacy = "errors,items.index.status,items.index.error,items.create.status,items.create.error,items.update.status,items.update.error";

    public static string UserAgent(string version) => version.StartsWith('7')
        ? $"Elastic-Filebeat/{version} (linux; amd64; 9f7e5ba1a4; 2023-02-06 22:20:39 +0000 UTC)"
        : $"Elastic-Filebeat/{version} (linux; amd64; Unmanaged; Privileged)";

    public static HttpRequestMessage Ping(string? key, string version = "8.15.0") => Get("/", key, version);

    public static HttpRequestMessage License(string? key, string version = "8.15.0") => Get("/_license?human=false", key, version);

    public static HttpRequestMessage Setup(HttpMethod method, string path, string? key, string version = "8.15.0")
    {
        var r = Get(path, key, version);
        r.Method = method;
        if (method == HttpMethod.Put) r.Content = Json("{\"index_patterns\":[\"filebeat-*\"]}", gzip: false);
        return r;
    }

    public static HttpRequestMessage Bulk(string? key, IEnumerable<string> events, bool gzip, string filterPath = FilterPath8, string version = "8.15.0", string? id = null)
    {
        var body = new StringBuilder();
        foreach (var e in events)
        {
            // BulkMeta field order: _index, _type (omitted from 7.x on), pipeline, _id (omitted unless set).
            body.Append("{\"create\":{\"_index\":\"filebeat-").Append(version).Append('"');
            if (id is not null) body.Append(",\"_id\":\"").Append(id).Append('"');
            body.Append("}}\n").Append(e).Append('\n');
        }

        var r = Get("/_bulk?filter_path=" + filterPath, key, version);
        r.Method = HttpMethod.Post;
        r.Content = Json(body.ToString(), gzip);
        return r;
    }

    /// <summary>A filestream event the way Filebeat 8 encodes it.</summary>
    public static string Event(string host, string path, long offset, string message, DateTimeOffset at) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["@timestamp"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        ["message"] = message,
        ["input"] = new { type = "filestream" },
        ["ecs"] = new { version = "8.0.0" },
        ["host"] = new { name = host, hostname = host },
        ["agent"] = new { type = "filebeat", version = "8.15.0", name = host },
        ["log"] = new Dictionary<string, object>
        {
            ["offset"] = offset,
            ["file"] = new Dictionary<string, object> { ["path"] = path, ["inode"] = "2621448", ["device_id"] = "64769" },
        },
        ["event"] = new { timezone = "+00:00" },
    });

    public static string ApiKeyHeader(string key) => Convert.ToBase64String(Encoding.UTF8.GetBytes("fb-key-id:" + key));

    private static HttpRequestMessage Get(string path, string? key, string version)
    {
        var r = new HttpRequestMessage(HttpMethod.Get, path);
        r.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        r.Headers.TryAddWithoutValidation("User-Agent", UserAgent(version));
        r.Headers.TryAddWithoutValidation("X-Elastic-Product-Origin", "beats");
        if (key is not null) r.Headers.TryAddWithoutValidation("Authorization", "ApiKey " + ApiKeyHeader(key));
        return r;
    }

    private static ByteArrayContent Json(string body, bool gzip)
    {
        var raw = Encoding.UTF8.GetBytes(body);
        var bytes = raw;
        if (gzip)
        {
            using var ms = new MemoryStream();
            using (var z = new GZipStream(ms, CompressionLevel.Fastest)) z.Write(raw);
            bytes = ms.ToArray();
        }

        var content = new ByteArrayContent(bytes);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=UTF-8");
        content.Headers.TryAddWithoutValidation("X-Elastic-Uncompressed-Request-Length", raw.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (gzip) content.Headers.ContentEncoding.Add("gzip");
        return content;
    }
}
