using System.ComponentModel.DataAnnotations;
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
