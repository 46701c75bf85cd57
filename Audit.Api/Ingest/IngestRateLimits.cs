using System.Globalization;
using System.Threading.RateLimiting;
using Audit.Api.Auth;
using Audit.Infrastructure.Ingest;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Audit.Api.Ingest;

/// <summary>
/// Bounds what ingest may hold at once and what one key may send, with ASP.NET Core's rate limiter: every ingest
/// route shares one concurrency limit (each request holds its body in memory, so this bounds the API's memory),
/// and each ingest key has its own token bucket. Refusals are 429 with Retry-After, which every shipper retries.
/// </summary>
public static class IngestRateLimits
{
    public const string Policy = "ingest";
    private const string ConcurrencyPartition = "ingest-concurrency";

    /// <summary>Marks an endpoint as ingest: under the shared concurrency limit and the per-key bucket.</summary>
    public static TBuilder RequireIngestLimits<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireRateLimiting(Policy).WithMetadata(new IngestEndpointMarker());

    public static IServiceCollection AddIngestRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<IngestOptions>>((o, ingest) =>
        {
            var i = ingest.Value;
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                http.GetEndpoint()?.Metadata.GetMetadata<IngestEndpointMarker>() is null
                    ? RateLimitPartition.GetNoLimiter("other")
                    : RateLimitPartition.GetConcurrencyLimiter(ConcurrencyPartition, _ => new ConcurrencyLimiterOptions
                    {
                        PermitLimit = i.MaxConcurrentRequests,
                        QueueLimit = i.MaxQueuedRequests,
                        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                    }));
            o.AddPolicy(Policy, http => RateLimitPartition.GetTokenBucketLimiter(PartitionOf(http), _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = i.BurstPerKey,
                TokensPerPeriod = i.RequestsPerSecondPerKey,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
            o.OnRejected = (context, ct) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after)
                    ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds))
                    : i.RetryAfterSeconds;
                var response = context.HttpContext.Response;
                response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                Audit.Infrastructure.Metrics.AuditCounters.Add("audit_ingest_refused_total", "rate_limited", 1);
                var native = context.HttpContext.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal);
                return native
                    ? new ValueTask(Results.Problem(detail: $"Too many ingest requests; retry after {seconds} s.", statusCode: 429).ExecuteAsync(context.HttpContext))
                    : new ValueTask(response.WriteAsJsonAsync(new
                    {
                        error = new { type = "es_rejected_execution_exception", reason = $"too many ingest requests; retry after {seconds} s" },
                        status = 429,
                    }, ct));
            };
        });
        return services;
    }

    // The key's id once authenticated; the caller's address otherwise (the request is refused at authorization anyway).
    private static string PartitionOf(HttpContext http) =>
        http.User.KeyIdOf()?.ToString("N") ?? (http.User.Identity?.IsAuthenticated == true ? "admin" : "ip:" + http.Connection.RemoteIpAddress);

    private sealed record IngestEndpointMarker;
}
