using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using Audit.Api.Auth;
using Audit.Infrastructure.Ingest;

namespace Audit.Api.Ingest;

/// <summary>
/// <c>POST /_bulk</c>: stores every create/index document durably, then answers one item per operation in
/// order. A stored document answers 201; a duplicate (same <c>_id</c>, or same host + path + offset)
/// answers 409 for <c>create</c> (Beats count it as acknowledged) and 200 otherwise; delete and update are
/// refused per item with 403, since the audit store is append-only.
/// </summary>
public sealed class ElasticBulkHandler(IngestPipeline pipeline, ElasticPushback pushback, ILogger<ElasticBulkHandler> logger)
{
    public const string Endpoint = "es-bulk";

    public async Task<IResult> HandleAsync(HttpContext http, string? filterPath, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var shipper = ShipperDetector.Detect(http.Request.Headers);
        if (pipeline.Overloaded) return await pushback.RefuseAsync(http, shipper, "the parse backlog is over its bound or the database is away; retry later", null);

        var mediaType = (http.Request.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        // The official clients in compatibility mode (@elastic/elasticsearch 8) send Elasticsearch's
        // versioned media types: application/vnd.elasticsearch+x-ndjson; compatible-with=8.
        if (mediaType is not ("" or "application/json" or "application/x-ndjson" or "application/ndjson"
            or "application/vnd.elasticsearch+json" or "application/vnd.elasticsearch+x-ndjson"))
        {
            return Error(406, "media_type_header_exception", $"Content-Type header [{http.Request.ContentType}] is not supported; send application/json, application/x-ndjson or application/vnd.elasticsearch+x-ndjson");
        }

        var (status, body) = await pipeline.ReadBodyAsync(http.Request, ct);
        if (status == BodyReadStatus.TooLarge)
        {
            return Error(413, "content_too_long_exception", $"the bulk body is larger than {pipeline.Options.MaxBodyBytes} bytes (after decompression); send smaller batches");
        }

        if (status != BodyReadStatus.Ok) return Error(400, "parse_exception", status == BodyReadStatus.Corrupt ? "the compressed body is corrupt" : "unsupported Content-Encoding; send gzip, deflate or none");

        using (body)
        {
            var parsed = BulkBodyParser.Parse(body!.Span, new IngestDefaults(null, null, pipeline.Options.MaxLineBytes), pipeline.Options.MaxLinesPerBatch);
            if (!parsed.Ok)
            {
                return parsed.TooMany
                    ? Error(413, "content_too_long_exception", parsed.Error!)
                    : Error(400, "illegal_argument_exception", parsed.Error!);
            }

            var lines = parsed.Items.Where(i => i.Line is not null).Select(i => i.Line!).ToList();
            IngestResult? result = null;
            if (lines.Count > 0)
            {
                result = await pipeline.CommitAsync(new IngestBatch(Endpoint, http.User.KeyIdOf(), null, lines), ct);
                if (result is null) return await pushback.RefuseAsync(http, shipper, "the database is not reachable; nothing was stored", body.Memory);
            }

            var items = Answer(parsed.Items, result, shipper);
            if (items.Any(i => i.Status == StatusCodes.Status403Forbidden))
            {
                logger.LogWarning("Refused {Count} delete/update operations from {Shipper}: the audit store is append-only", items.Count(i => i.Status == 403), shipper);
            }

            var buffer = new ArrayBufferWriter<byte>(64 + (items.Count * 48));
            BulkResponseWriter.Write(buffer, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, items, FilterPath.Parse(filterPath));
            return new ElasticJsonResult(StatusCodes.Status200OK, buffer.WrittenMemory);
        }
    }

    private static List<BulkItemResult> Answer(IReadOnlyList<BulkItem> operations, IngestResult? result, ShipperKind shipper)
    {
        var items = new List<BulkItemResult>(operations.Count);
        var line = 0;
        foreach (var op in operations)
        {
            if (op.Line is null)
            {
                items.Add(new BulkItemResult(op.ActionName, op.Index, op.Id ?? "", StatusCodes.Status403Forbidden, null, "security_exception",
                    $"action [{op.ActionName}] is refused: the audit store is append-only"));
                continue;
            }

            var id = op.Id ?? $"{result!.BatchId}-{line}";
            var duplicate = result!.Duplicate.Length > line && result.Duplicate[line];
            line++;
            if (!duplicate)
            {
                items.Add(new BulkItemResult(op.ActionName, op.Index, id, StatusCodes.Status201Created, "created"));
            }
            else if (op.Action == BulkAction.Create && shipper != ShipperKind.Rsyslog)
            {
                items.Add(new BulkItemResult(op.ActionName, op.Index, id, StatusCodes.Status409Conflict, null, "version_conflict_engine_exception",
                    $"[{id}]: version conflict, document already exists"));
            }
            else
            {
                // rsyslog resubmits every failed item, so a duplicate must look like success to it.
                items.Add(new BulkItemResult(op.ActionName, op.Index, id, StatusCodes.Status200OK, "noop"));
            }
        }

        return items;
    }

    private static ElasticJsonResult Error(int status, string type, string reason) => new(status, ElasticDocuments.Error(status, type, reason));
}

/// <summary>
/// Writes <c>{"took":…,"errors":…,"items":[{"create":{…,"status":201}},…]}</c> the way Elasticsearch does,
/// honouring <c>filter_path</c>. Each item has exactly one key (the action) holding an integer
/// <c>status</c>, which is all libbeat and omelasticsearch read.
/// </summary>
public static class BulkResponseWriter
{
    public static void Write(IBufferWriter<byte> output, long tookMs, IReadOnlyList<BulkItemResult> items, FilterPath? filter)
    {
        var f = new CachedFilter(filter);
        using var w = new Utf8JsonWriter(output);
        w.WriteStartObject();
        if (f.Keeps("took")) w.WriteNumber("took", tookMs);
        if (f.Keeps("errors")) w.WriteBoolean("errors", items.Any(i => i.Failed));
        if (f.Decide("items") != FilterDecision.Exclude)
        {
            w.WriteStartArray("items");
            foreach (var item in items)
            {
                w.WriteStartObject();
                if (f.Decide("items", item.Action) != FilterDecision.Exclude) WriteItem(w, f, item);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static void WriteItem(Utf8JsonWriter w, CachedFilter f, BulkItemResult item)
    {
        var a = item.Action;
        w.WriteStartObject(a);
        if (item.Index is not null && f.Keeps("items", a, "_index")) w.WriteString("_index", item.Index);
        if (f.Keeps("items", a, "_id")) w.WriteString("_id", item.Id);
        if (!item.Failed)
        {
            if (f.Keeps("items", a, "_version")) w.WriteNumber("_version", 1);
            if (item.Result is not null && f.Keeps("items", a, "result")) w.WriteString("result", item.Result);
            if (f.Decide("items", a, "_shards") != FilterDecision.Exclude)
            {
                w.WriteStartObject("_shards");
                if (f.Keeps("items", a, "_shards", "total")) w.WriteNumber("total", 1);
                if (f.Keeps("items", a, "_shards", "successful")) w.WriteNumber("successful", 1);
                if (f.Keeps("items", a, "_shards", "failed")) w.WriteNumber("failed", 0);
                w.WriteEndObject();
            }
        }

        if (f.Keeps("items", a, "status")) w.WriteNumber("status", item.Status);
        if (item.Failed && f.Decide("items", a, "error") != FilterDecision.Exclude)
        {
            w.WriteStartObject("error");
            if (f.Keeps("items", a, "error", "type")) w.WriteString("type", item.ErrorType ?? "exception");
            if (f.Keeps("items", a, "error", "reason")) w.WriteString("reason", item.ErrorReason ?? "");
            if (item.Index is not null && f.Keeps("items", a, "error", "index")) w.WriteString("index", item.Index);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    // Decisions repeat for every item; remember them by path.
    private sealed class CachedFilter(FilterPath? filter)
    {
        private readonly Dictionary<string, FilterDecision> _cache = new(StringComparer.Ordinal);

        /// <summary>For a leaf: kept only when the filter takes it whole.</summary>
        public bool Keeps(params string[] path) => Decide(path) == FilterDecision.Include;

        public FilterDecision Decide(params string[] path)
        {
            if (filter is null) return FilterDecision.Include;
            var key = string.Join('\u0001', path);
            if (!_cache.TryGetValue(key, out var d)) _cache[key] = d = filter.Decide(path);
            return d;
        }
    }
}

/// <summary>The answer for one bulk operation, in request order.</summary>
public sealed record BulkItemResult(string Action, string? Index, string Id, int Status, string? Result, string? ErrorType = null, string? ErrorReason = null)
{
    public bool Failed => Status >= 300;
}
