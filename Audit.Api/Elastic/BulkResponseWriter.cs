using System.Buffers;
using System.Text.Json;

namespace Audit.Api.Elastic;

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
