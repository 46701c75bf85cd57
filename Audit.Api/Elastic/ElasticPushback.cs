using System.Buffers;
using Audit.Api.Ingest;
using Microsoft.Extensions.Options;

namespace Audit.Api.Elastic;

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
