using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Audit.Api.Queries;

/// <summary>The list protocol (cursor, window, page or export) for the merged timeline and search.</summary>
public sealed class UnionRunner(CursorCodec cursors, TimeProvider time, NpgsqlDataSource db, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    private static readonly string[] Columns = ["time", "kind", "host", "user", "summary", "detail", "rawId"];

    public static IReadOnlyList<EventKind> KindsOf(string? list) =>
        string.IsNullOrWhiteSpace(list)
            ? EventKind.All
            : EventKind.All.Where(k => list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Contains(k.Name)).ToList();

    public async Task<Results<Ok<Page<TimelineItem>>, PushStreamHttpResult, ProblemHttpResult>> RunAsync(
        HttpContext http, IListQuery query, IReadOnlyList<EventKind> kinds, string? host, string? user, string? searchPattern, CancellationToken ct)
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
            var all = UnionQuery.RunAsync(db, allSql, allParams, CancellationToken.None, customPlan: searchPattern is not null).Select(ToItem);
            return Export.Stream(format, all, json.Value.SerializerOptions, Columns, t => [t.Time, t.Kind, t.Host, t.User, t.Summary, t.Detail.GetRawText(), t.RawId]);
        }

        var limit = query.Limit ?? QueryWindow.DefaultLimit;
        var (sql, parameters) = UnionQuery.Build(kinds, new UnionQuery.Filters(from, to, NullIfEmpty(host), NullIfEmpty(user), searchPattern, after, limit + 1));
        var rows = await UnionQuery.RunAsync(db, sql, parameters, ct, customPlan: searchPattern is not null).ToListAsync(ct);
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
