using System.Buffers;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Audit.Api.Auth;
using Audit.Infrastructure.Redis;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Audit.Api.Ingest;

/// <summary>
/// Elasticsearch-compatible routes at the root path (their outputs take no path prefix), so that stock Filebeat
/// (<c>output.elasticsearch</c>), rsyslog's omelasticsearch and syslog-ng's elasticsearch-http() ship to us
/// unchanged: cluster info, licence and health for their start-up checks, <c>_bulk</c> for the data, and
/// <c>200 {}</c> for the template / ILM / pipeline / data-stream calls Beats make when index management is on.
/// </summary>
public static class ElasticEndpoints
{
    private static readonly string[] Head = [HttpMethods.Head];
    private static readonly string[] GetHead = [HttpMethods.Get, HttpMethods.Head];
    private static readonly string[] SetupMethods = [HttpMethods.Get, HttpMethods.Head, HttpMethods.Put, HttpMethods.Post];

    // Index-management calls Beats (7.x and 8.x) make at start; we keep no indices, so each is a no-op.
    private static readonly string[] SetupRoutes =
    [
        "/_ilm/{**rest}", "/_index_template/{**rest}", "/_component_template/{**rest}", "/_template/{**rest}",
        "/_ingest/{**rest}", "/_data_stream/{**rest}", "/_alias/{**rest}", "/_nodes", "/_nodes/{**rest}", "/_xpack/{**rest}",
    ];

    public static IEndpointRouteBuilder MapElasticEndpoints(this IEndpointRouteBuilder app)
    {
        var root = app.MapGroup("").WithTags("Elasticsearch-compatible").WithMetadata(new ElasticEndpointMarker());

        // Any valid key may read the cluster info (Filebeat sends its credentials here first).
        root.MapGet("/", GetInfo).WithName("ElasticInfo").WithSummary("Cluster info: version.number, build_flavor, tagline.").RequireAuthorization();
        root.MapMethods("/", Head, GetInfo).ExcludeFromDescription().RequireAuthorization();

        var ingest = root.MapGroup("").RequireAuthorization(Policies.Ingest);
        ingest.MapGet("/_license", GetLicense).WithName("ElasticLicense").WithSummary("A basic, active licence (Beats check it at start).");
        ingest.MapMethods("/_cat/health", GetHead, GetCatHealth).WithName("ElasticCatHealth").WithSummary("Health line; rsyslog checks it before resuming.");
        ingest.MapMethods("/_cluster/health", GetHead, GetClusterHealth).ExcludeFromDescription();
        ingest.MapMethods("/_xpack", GetHead, GetXPack).ExcludeFromDescription();
        foreach (var route in SetupRoutes)
        {
            ingest.MapMethods(route, SetupMethods, Acknowledge).ExcludeFromDescription();
        }

        var bulk = ingest.MapGroup("").WithMetadata(new ElasticEndpointMarker(Bulk: true)).RequireIngestLimits();
        bulk.MapMethods("/_bulk", [HttpMethods.Post, HttpMethods.Put], BulkAsync)
            .WithName("ElasticBulk")
            .WithSummary("Elasticsearch bulk API: NDJSON action/document pairs; one item per operation in order.")
            .WithDescription("""
                create and index documents are stored (Filebeat, rsyslog and syslog-ng document shapes); _id is the dedup key.
                A duplicate answers 409 for create (acknowledged by Beats) and 200 otherwise; delete/update answer 403 per item.
                A malformed document is still stored, as a raw line with the reason. gzip bodies and filter_path are supported.
                Back-pressure: Beats get 429, syslog-ng 503 (both with Retry-After), rsyslog 200 with every item 429.
                """)
            .DisableAntiforgery(); // no Accepts(): its 415 would pre-empt Elasticsearch's own 406 answer
        bulk.MapMethods("/{index}/_bulk", [HttpMethods.Post, HttpMethods.Put], BulkAsync).ExcludeFromDescription().DisableAntiforgery();
        return app;
    }

    public static IResult GetInfo(IOptions<ElasticOptions> options) => new ElasticJsonResult(200, ElasticDocuments.ClusterInfo(options.Value));

    public static IResult GetLicense(IOptions<ElasticOptions> options) => new ElasticJsonResult(200, ElasticDocuments.License(options.Value));

    public static IResult GetXPack() => new ElasticJsonResult(200, ElasticDocuments.XPack);

    /// <summary>Template, ILM, pipeline and data-stream set-up: nothing to keep, so every call succeeds.</summary>
    public static IResult Acknowledge() => new ElasticJsonResult(200, ElasticDocuments.Empty);

    public static IResult GetClusterHealth(IOptions<ElasticOptions> options) => new ElasticJsonResult(200, ElasticDocuments.ClusterHealth(options.Value));

    public static IResult GetCatHealth(IOptions<ElasticOptions> options, TimeProvider time) =>
        TypedResults.Text(ElasticDocuments.CatHealth(options.Value, time.GetUtcNow()), "text/plain; charset=UTF-8");

    public static Task<IResult> BulkAsync(HttpContext http, [FromQuery(Name = "filter_path")] string? filterPath, ElasticBulkHandler handler, CancellationToken ct) =>
        handler.HandleAsync(http, filterPath, ct);
}

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

/// <summary>Endpoint metadata: this route speaks Elasticsearch (its errors, its product header).</summary>
/// <param name="Bulk">True for the bulk routes, whose refusals must follow the shipper's back-pressure rules.</param>
public sealed record ElasticEndpointMarker(bool Bulk = false);

/// <summary>How the Elasticsearch-compatible endpoints present themselves to shippers.</summary>
public sealed class ElasticOptions
{
    public const string Section = "Elastic";

    /// <summary>
    /// The <c>version.number</c> reported by <c>GET /</c>. Filebeat refuses a cluster whose major.minor is
    /// below its own unless <c>allow_older_versions</c> is set, so this follows current 8.x releases.
    /// </summary>
    [Required]
    [RegularExpression(@"^\d{1,3}\.\d{1,3}\.\d{1,3}$", MatchTimeoutInMilliseconds = 100)]
    public string VersionNumber { get; set; } = "8.19.0";

    /// <summary>The <c>cluster_name</c> reported by <c>GET /</c> and <c>/_cat/health</c>.</summary>
    [Required]
    [RegularExpression(@"^[A-Za-z0-9._-]{1,64}$", MatchTimeoutInMilliseconds = 100)]
    public string ClusterName { get; set; } = "audit";

    /// <summary>
    /// How long a per-item 429 answer (rsyslog's back-pressure) is held before it is sent. rsyslog
    /// resubmits failed items at once, so the pause is what slows it down.
    /// </summary>
    [Range(0, 30_000)]
    public int ItemRetryDelayMs { get; set; } = 1000;
}

/// <summary>Explicit wiring of what stock shippers talk to: the Elasticsearch-compatible routes and the Redis consumer.</summary>
public static class ShipperServiceCollectionExtensions
{
    public static IServiceCollection AddAuditShipperIngest(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ElasticOptions>().BindConfiguration(ElasticOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PushbackCounter>();
        services.AddSingleton<ElasticPushback>();
        services.AddSingleton<ElasticBulkHandler>();

        // Elasticsearch-style 401/403 and back-pressure for those routes; the default for every other route.
        services.RemoveAll<IAuthorizationMiddlewareResultHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ElasticAuthorizationResultHandler>();

        services.AddAuditRedisConsumer(configuration);
        return services;
    }
}
