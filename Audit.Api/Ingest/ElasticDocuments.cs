using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Audit.Api.Ingest;

/// <summary>
/// The small fixed answers shippers read at start: cluster info (<c>version.number</c>,
/// <c>build_flavor</c> "default" so Beats do not take us for serverless), a basic active licence (both
/// <c>type</c> and <c>mode</c>, which older Beats read), cat/cluster health, and Elasticsearch-style errors.
/// </summary>
public static class ElasticDocuments
{
    public const string ProductHeader = "X-Elastic-Product";
    public const string ProductName = "Elasticsearch";

    // A fixed date keeps the answers stable; nothing reads it.
    private static readonly DateTimeOffset IssuedAt = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static byte[] ClusterInfo(ElasticOptions o) => Json(w =>
    {
        w.WriteString("name", Environment.MachineName);
        w.WriteString("cluster_name", o.ClusterName);
        w.WriteString("cluster_uuid", StableId("cluster", o.ClusterName));
        w.WriteStartObject("version");
        w.WriteString("number", o.VersionNumber);
        w.WriteString("build_flavor", "default");
        w.WriteString("build_type", "audit");
        w.WriteString("build_hash", "0000000000000000000000000000000000000000");
        w.WriteString("build_date", IssuedAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        w.WriteBoolean("build_snapshot", false);
        w.WriteString("lucene_version", "9.12.0");
        w.WriteString("minimum_wire_compatibility_version", "7.17.0");
        w.WriteString("minimum_index_compatibility_version", "7.0.0");
        w.WriteEndObject();
        w.WriteString("tagline", "You Know, for Search");
    });

    public static byte[] License(ElasticOptions o) => Json(w =>
    {
        w.WriteStartObject("license");
        w.WriteString("status", "active");
        w.WriteString("uid", StableId("license", o.ClusterName));
        w.WriteString("type", "basic");
        w.WriteString("mode", "basic");
        w.WriteString("issue_date", IssuedAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        w.WriteNumber("issue_date_in_millis", IssuedAt.ToUnixTimeMilliseconds());
        w.WriteNumber("max_nodes", 1000);
        w.WriteNull("max_resource_units");
        w.WriteString("issued_to", o.ClusterName);
        w.WriteString("issuer", "elasticsearch");
        w.WriteNumber("start_date_in_millis", -1);
        w.WriteEndObject();
    });

    public static byte[] ClusterHealth(ElasticOptions o) => Json(w =>
    {
        w.WriteString("cluster_name", o.ClusterName);
        w.WriteString("status", "green");
        w.WriteBoolean("timed_out", false);
        w.WriteNumber("number_of_nodes", 1);
        w.WriteNumber("number_of_data_nodes", 1);
        w.WriteNumber("active_shards_percent_as_number", 100.0);
    });

    /// <summary><c>_cat/health</c>'s text line (rsyslog only looks at the status code).</summary>
    public static string CatHealth(ElasticOptions o, DateTimeOffset now) =>
        $"{now.ToUnixTimeSeconds()} {now:HH:mm:ss} {o.ClusterName} green 1 1 0 0 0 0 0 0 - 100.0%\n";

    /// <summary>Features Beats 7.x look for before managing ILM.</summary>
    public static readonly byte[] XPack = Json(w =>
    {
        w.WriteStartObject("features");
        w.WriteStartObject("ilm");
        w.WriteBoolean("available", true);
        w.WriteBoolean("enabled", true);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    public static readonly byte[] Empty = "{}"u8.ToArray();

    /// <summary>Elasticsearch's error envelope: <c>{"error":{"root_cause":[…],"type":…,"reason":…},"status":…}</c>.</summary>
    public static byte[] Error(int status, string type, string reason) => Json(w =>
    {
        w.WriteStartObject("error");
        w.WriteStartArray("root_cause");
        w.WriteStartObject();
        w.WriteString("type", type);
        w.WriteString("reason", reason);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteString("type", type);
        w.WriteString("reason", reason);
        w.WriteEndObject();
        w.WriteNumber("status", status);
    });

    private static byte[] Json(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    // Elasticsearch ids look like 22 url-safe base64 characters; derive ours from the cluster name.
    private static string StableId(string purpose, string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(purpose + ":" + name));
        return Convert.ToBase64String(hash, 0, 16).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}

/// <summary>A pre-rendered JSON answer with any status, as Elasticsearch-compatible routes need.</summary>
public sealed class ElasticJsonResult(int statusCode, ReadOnlyMemory<byte> body) : IResult
{
    public int StatusCode => statusCode;

    public ReadOnlyMemory<byte> Body => body;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/json; charset=UTF-8";
        response.ContentLength = body.Length;
        if (HttpMethods.IsHead(httpContext.Request.Method)) return;
        await response.Body.WriteAsync(body, httpContext.RequestAborted);
    }
}
