using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Audit.Infrastructure.Database;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Audit.Api.Queries;

/// <summary>One entry of the merged timeline or of a search: its kind, a one-line summary and the kind's own fields.</summary>
public sealed record TimelineItem(DateTimeOffset Time, string Kind, string Host, string? User, string Summary, JsonElement Detail, long RawId);

/// <summary>A row of the merged UNION query (Key = raw_id * 16 + kind number, unique across tables).</summary>
public sealed class TimelineRow : IEventRow
{
    public DateTimeOffset OccurredAt { get; set; }

    public string Kind { get; set; } = "";

    public string Host { get; set; } = "";

    public string? UserName { get; set; }

    public string Summary { get; set; } = "";

    public string Detail { get; set; } = "{}";

    public long RawId { get; set; }

    public long Key { get; set; }
}

/// <summary>
/// Builds and runs the UNION ALL over event tables behind the timeline and search: each branch is
/// bounded by the window (partitions prune), filtered, keyset-limited and ordered on its own (so each
/// uses its own indexes), then merged newest first.
/// </summary>
public static class UnionQuery
{
    public sealed record Filters(DateTimeOffset From, DateTimeOffset To, string? Host, string? User, string? SearchPattern, PageCursor? After, int? Limit);

    public static (string Sql, List<NpgsqlParameter> Parameters) Build(IEnumerable<EventKind> kinds, Filters f)
    {
        var p = new List<NpgsqlParameter> { new("from", f.From.ToUniversalTime()), new("to", f.To.ToUniversalTime()) };
        if (f.Host is not null) p.Add(new NpgsqlParameter("host", f.Host));
        if (f.User is not null) p.Add(new NpgsqlParameter("user", f.User));
        if (f.SearchPattern is not null) p.Add(new NpgsqlParameter("pattern", f.SearchPattern));
        if (f.After is { } a) p.Add(new NpgsqlParameter("ct", a.Time.ToUniversalTime()));
        if (f.Limit is { } n) p.Add(new NpgsqlParameter("n", n));

        var sql = new StringBuilder("SELECT occurred_at, kind, host, user_name, summary, detail, raw_id, key FROM (");
        var first = true;
        foreach (var k in kinds)
        {
            if (f.SearchPattern is not null && k.SearchColumn is null) continue;
            if (!first) sql.Append(" UNION ALL ");
            first = false;
            sql.Append("(SELECT occurred_at, '").Append(k.Name).Append("' AS kind, host, ").Append(k.UserColumn).Append(" AS user_name, ")
               .Append(k.Summary).Append(" AS summary, (").Append(k.Detail).Append(")::text AS detail, raw_id, raw_id * 16 + ").Append(k.Number)
               .Append(" AS key FROM ").Append(k.Table).Append(" WHERE occurred_at >= @from AND occurred_at <= @to");
            if (f.Host is not null) sql.Append(" AND host = @host");
            if (f.User is not null) sql.Append(" AND ").Append(k.UserPredicate);
            if (f.SearchPattern is not null) sql.Append(" AND (").Append(k.SearchColumn).Append(") ILIKE @pattern ESCAPE '\\'");
            if (f.After is { } after)
            {
                // raw_id * 16 + k < key  ⇔  raw_id <= floor((key - k - 1) / 16): a plain raw_id bound the index can use.
                var name = "max" + k.Number;
                p.Add(new NpgsqlParameter(name, Math.DivRem(after.Id - k.Number - 1, 16L) switch { var (q, r) => r < 0 ? q - 1 : q }));
                sql.Append(" AND (occurred_at < @ct OR (occurred_at = @ct AND raw_id <= @").Append(name).Append("))");
            }

            sql.Append(" ORDER BY occurred_at DESC, raw_id DESC");
            if (f.Limit is not null) sql.Append(" LIMIT @n");
            sql.Append(')');
        }

        if (first) sql.Append("SELECT NULL::timestamptz AS occurred_at, '' AS kind, '' AS host, NULL AS user_name, '' AS summary, '{}' AS detail, 0::bigint AS raw_id, 0::bigint AS key WHERE false");
        sql.Append(") u ORDER BY occurred_at DESC, key DESC");
        if (f.Limit is not null) sql.Append(" LIMIT @n");
        return (sql.ToString(), p);
    }

    /// <param name="customPlan">
    /// Plan for these parameter values (the service plans generically by default): a substring search
    /// needs the pattern at plan time to choose the trigram index.
    /// </param>
    public static async IAsyncEnumerable<TimelineRow> RunAsync(NpgsqlDataSource db, string sql, List<NpgsqlParameter> parameters, [EnumeratorCancellation] CancellationToken ct, bool customPlan = false)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (customPlan)
        {
            await using var set = new NpgsqlCommand("SET LOCAL plan_cache_mode = force_custom_plan", conn, tx);
            await set.ExecuteNonQueryAsync(ct);
        }

        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        cmd.Parameters.AddRange(parameters.ToArray());
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            yield return new TimelineRow
            {
                OccurredAt = r.GetFieldValue<DateTimeOffset>(0),
                Kind = r.GetString(1),
                Host = r.GetString(2),
                UserName = r.IsDBNull(3) ? null : r.GetString(3),
                Summary = r.IsDBNull(4) ? "" : r.GetString(4),
                Detail = r.GetString(5),
                RawId = r.GetInt64(6),
                Key = r.GetInt64(7),
            };
        }
    }
}

/// <summary>The list protocol (cursor, window, page or export) for the merged timeline and search.</summary>
public sealed class UnionRunner(CursorCodec cursors, TimeProvider time, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    public static IReadOnlyList<EventKind> KindsOf(string? list) =>
        string.IsNullOrWhiteSpace(list)
            ? EventKind.All
            : EventKind.All.Where(k => list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Contains(k.Name)).ToList();

    public async Task<Results<Ok<Page<TimelineItem>>, PushStreamHttpResult, ProblemHttpResult>> RunAsync(
        HttpContext http, IListQuery query, QueryStore store, IReadOnlyList<EventKind> kinds, string? host, string? user, string? searchPattern, CancellationToken ct)
    {
        PageCursor? after = null;
        if (query.Cursor is { Length: > 0 } text)
        {
            if (!cursors.TryDecode(text, query.Signature, out var c)) return ListRunner.BadCursor();
            after = c;
        }

        var (from, to) = after is { } a ? (a.From, a.To) : QueryWindow.Resolve(query.From, query.To, time.GetUtcNow());
        if (after is null && QueryWindow.TooLong(from, to) is { } tooLong) return tooLong;
        var format = Export.FormatOf(http.Request);
        if (format != ExportFormat.Page)
        {
            var (allSql, allParams) = UnionQuery.Build(kinds, new UnionQuery.Filters(from, to, NullIfEmpty(host), NullIfEmpty(user), searchPattern, after, null));
            var all = UnionQuery.RunAsync(store.DataSource, allSql, allParams, CancellationToken.None, customPlan: searchPattern is not null).Select(ToItem);
            return Export.Stream(format, all, json.Value.SerializerOptions);
        }

        var limit = query.Limit ?? QueryWindow.DefaultLimit;
        var (sql, parameters) = UnionQuery.Build(kinds, new UnionQuery.Filters(from, to, NullIfEmpty(host), NullIfEmpty(user), searchPattern, after, limit + 1));
        var rows = await UnionQuery.RunAsync(store.DataSource, sql, parameters, ct, customPlan: searchPattern is not null).ToListAsync(ct);
        string? next = null;
        if (rows.Count > limit)
        {
            rows.RemoveAt(limit);
            next = cursors.Encode(new PageCursor(rows[^1].OccurredAt, rows[^1].Key, from, to), query.Signature);
        }

        return TypedResults.Ok(new Page<TimelineItem>(rows.Select(ToItem).ToList(), next));
    }

    public static TimelineItem ToItem(TimelineRow r)
    {
        using var doc = JsonDocument.Parse(r.Detail);
        return new TimelineItem(r.OccurredAt, r.Kind, r.Host, r.UserName, r.Summary, doc.RootElement.Clone(), r.RawId);
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
