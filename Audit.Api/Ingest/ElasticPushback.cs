using System.Buffers;
using Audit.Api.Auth;
using Audit.Infrastructure.Ingest;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Options;

namespace Audit.Api.Ingest;

/// <summary>
/// Refuses a bulk request for now, in the form the shipper that sent it retries rather than drops
/// (<see cref="PushbackPolicy"/>): Beats get 429, syslog-ng and unknown clients 503, both with
/// Retry-After; rsyslog gets 200 with every item 429, held back a moment so it does not spin.
/// </summary>
public sealed class ElasticPushback(IngestPipeline pipeline, PushbackCounter counter, IOptions<ElasticOptions> options, ILogger<ElasticPushback> logger)
{
    /// <summary>Answers with back-pressure; <paramref name="body"/> is the already-read body, if any.</summary>
    public async Task<IResult> RefuseAsync(HttpContext http, ShipperKind shipper, string reason, ReadOnlyMemory<byte>? body)
    {
        counter.Record(shipper);
        pipeline.SetRetryAfter(http.Response);
        var kind = PushbackPolicy.For(shipper);
        logger.LogDebug("Pushing back a bulk request from {Shipper} with {Answer}: {Reason}", shipper, kind, reason);
        if (kind == PushbackKind.Item429 && await ItemsAsync(http, body) is { Count: > 0 } actions)
        {
            await Task.Delay(options.Value.ItemRetryDelayMs, http.RequestAborted);
            var items = actions.Select(a => new BulkItemResult(ActionName(a), null, "", StatusCodes.Status429TooManyRequests, null, "es_rejected_execution_exception", reason)).ToList();
            var buffer = new ArrayBufferWriter<byte>();
            BulkResponseWriter.Write(buffer, 0, items, FilterPath.Parse(http.Request.Query["filter_path"]));
            return new ElasticJsonResult(StatusCodes.Status200OK, buffer.WrittenMemory);
        }

        return kind == PushbackKind.Http429
            ? new ElasticJsonResult(StatusCodes.Status429TooManyRequests, ElasticDocuments.Error(429, "es_rejected_execution_exception", reason))
            : new ElasticJsonResult(StatusCodes.Status503ServiceUnavailable, ElasticDocuments.Error(503, "unavailable_shards_exception", reason));
    }

    private async Task<IReadOnlyList<BulkAction>> ItemsAsync(HttpContext http, ReadOnlyMemory<byte>? body)
    {
        if (body is { } known)
        {
            BulkBodyParser.CountOperations(known.Span, out var actions);
            return actions;
        }

        var (status, buffer) = await pipeline.ReadBodyAsync(http.Request, http.RequestAborted);
        using (buffer)
        {
            if (status != BodyReadStatus.Ok) return [];
            BulkBodyParser.CountOperations(buffer!.Span, out var actions);
            return actions;
        }
    }

    private static string ActionName(BulkAction a) => new BulkItem(a, null, null, null).ActionName;
}

/// <summary>Which stock shipper sent a request; each reacts differently to being pushed back.</summary>
public enum ShipperKind
{
    Unknown = 0,

    /// <summary>Filebeat and the other Beats (libbeat's Elasticsearch output).</summary>
    Beats = 1,

    /// <summary>rsyslog's omelasticsearch.</summary>
    Rsyslog = 2,

    /// <summary>syslog-ng's elasticsearch-http() / http() destinations.</summary>
    SyslogNg = 3,
}

/// <summary>
/// Names the shipper from what it really sends (captured from the programs): Beats send
/// <c>User-Agent: Elastic-Filebeat/8.x (…)</c> and <c>X-Elastic-Product-Origin: beats</c>; syslog-ng's http
/// driver sends <c>User-Agent: syslog-ng 3.38.1/libcurl 7.88.1</c>; rsyslog's omelasticsearch (8.2302)
/// sends no User-Agent at all, so a missing one is taken for rsyslog.
/// </summary>
public static class ShipperDetector
{
    public static ShipperKind Detect(IHeaderDictionary headers)
    {
        var agent = headers.UserAgent.ToString();
        if (string.Equals(headers["X-Elastic-Product-Origin"].ToString(), "beats", StringComparison.OrdinalIgnoreCase)
            || (agent.StartsWith("Elastic-", StringComparison.OrdinalIgnoreCase) && agent.Contains("beat/", StringComparison.OrdinalIgnoreCase)))
        {
            return ShipperKind.Beats;
        }

        if (agent.StartsWith("syslog-ng", StringComparison.OrdinalIgnoreCase)) return ShipperKind.SyslogNg;
        if (agent.Length == 0 || agent.Contains("rsyslog", StringComparison.OrdinalIgnoreCase)) return ShipperKind.Rsyslog;
        return ShipperKind.Unknown;
    }
}

/// <summary>How a bulk request is refused while ingest pushes back, chosen so the shipper retries.</summary>
public enum PushbackKind
{
    /// <summary>HTTP 503 with Retry-After: syslog-ng retries 5xx (and drops on any 4xx, 429 included).</summary>
    Http503 = 0,

    /// <summary>HTTP 429 with Retry-After: what Elasticsearch answers when it rejects; Beats retry the batch.</summary>
    Http429 = 1,

    /// <summary>
    /// HTTP 200 with a 429 per item: rsyslog's omelasticsearch treats any reply without items as a data
    /// failure and retries only failed items (with <c>retryfailures="on"</c>).
    /// </summary>
    Item429 = 2,
}

/// <summary>The back-pressure answer for each shipper (see docs/migrating-from-elk.md).</summary>
public static class PushbackPolicy
{
    public static PushbackKind For(ShipperKind shipper) => shipper switch
    {
        ShipperKind.Beats => PushbackKind.Http429,
        ShipperKind.Rsyslog => PushbackKind.Item429,
        _ => PushbackKind.Http503,
    };
}

/// <summary>Counts bulk requests refused for back-pressure, by shipper (for metrics and tests).</summary>
public sealed class PushbackCounter
{
    private readonly long[] _byShipper = new long[Enum.GetValues<ShipperKind>().Length];

    public void Record(ShipperKind shipper) => Interlocked.Increment(ref _byShipper[(int)shipper]);

    public long Count(ShipperKind shipper) => Interlocked.Read(ref _byShipper[(int)shipper]);
}

/// <summary>
/// Gives Elasticsearch-compatible routes Elasticsearch's answers when authorization does not succeed:
/// 401 with a <c>security_exception</c> body and <c>WWW-Authenticate</c>, 403 likewise, and — when the
/// key could not be checked because PostgreSQL is away — the shipper's back-pressure answer, so that
/// nothing is dropped. Every answer of those routes carries <c>X-Elastic-Product: Elasticsearch</c>.
/// Other routes keep the default behaviour.
/// </summary>
public sealed class ElasticAuthorizationResultHandler(BacklogMonitor backlog) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        var marker = context.GetEndpoint()?.Metadata.GetMetadata<ElasticEndpointMarker>();
        if (marker is null)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        context.Response.Headers[ElasticDocuments.ProductHeader] = ElasticDocuments.ProductName;
        if (authorizeResult.Succeeded)
        {
            await next(context);
            return;
        }

        IResult answer;
        if (authorizeResult.Challenged && !backlog.DatabaseUp && ApiKeyExtractor.TryExtract(context.Request.Headers, out _))
        {
            const string reason = "the API key cannot be checked while the database is away; retry later";
            if (marker.Bulk)
            {
                var pushback = context.RequestServices.GetRequiredService<ElasticPushback>();
                answer = await pushback.RefuseAsync(context, ShipperDetector.Detect(context.Request.Headers), reason, null);
            }
            else
            {
                context.RequestServices.GetRequiredService<Audit.Api.Ingest.IngestPipeline>().SetRetryAfter(context.Response);
                answer = new ElasticJsonResult(503, ElasticDocuments.Error(503, "unavailable_shards_exception", reason));
            }
        }
        else if (authorizeResult.Challenged && context.Items.TryGetValue(ApiKeyAuthenticationHandler.ThrottledItem, out var wait))
        {
            context.Response.Headers.RetryAfter = wait!.ToString();
            answer = new ElasticJsonResult(429, ElasticDocuments.Error(429, "es_rejected_execution_exception", "too many failed authentication attempts from this address or for this key; retry later"));
        }
        else if (authorizeResult.Challenged)
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"security\", charset=\"UTF-8\", ApiKey";
            answer = new ElasticJsonResult(401, ElasticDocuments.Error(401, "security_exception",
                "missing or invalid authentication credentials: send an ingest key as ApiKey (base64 of id:key, or the key), Basic (password = key) or X-Api-Key"));
        }
        else
        {
            answer = new ElasticJsonResult(403, ElasticDocuments.Error(403, "security_exception", "this API key lacks the ingest scope"));
        }

        await answer.ExecuteAsync(context);
    }
}
