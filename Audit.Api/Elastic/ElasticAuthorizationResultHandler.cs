using Audit.Api.Auth;
using Audit.Infrastructure.Ingest;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Audit.Api.Elastic;

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
