using System.Text.Json;
using Audit.Infrastructure.Database;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Audit.Api.Queries;

/// <summary>
/// What every list endpoint does the same way: decode the cursor (400 when forged or foreign), fix
/// the time window (the cursor's, else the query's, else the last 24 hours), then either stream every
/// match (CSV/NDJSON) or answer one keyset page, newest first, with the next cursor.
/// </summary>
public sealed class ListRunner(CursorCodec cursors, TimeProvider time, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    public async Task<Results<Ok<Page<TItem>>, PushStreamHttpResult, ProblemHttpResult>> RunAsync<TRow, TItem>(
        HttpContext http,
        IListQuery query,
        Func<DateTimeOffset, DateTimeOffset, IQueryable<TRow>> filter,
        Func<TRow, TItem> map,
        string[] columns,
        Func<TItem, object?[]> values,
        CancellationToken ct)
        where TRow : class, IEventRow
    {
        PageCursor? after = null;
        if (query.Cursor is { Length: > 0 } text)
        {
            if (!cursors.TryDecode(text, query.Signature, out var c)) return BadCursor();
            after = c;
        }

        var (from, to) = after is { } a ? (a.From, a.To) : QueryWindow.Resolve(query.From, query.To, time.GetUtcNow());
        var rows = filter(from, to);
        if (after is { } p) rows = rows.Where(r => r.OccurredAt < p.Time || (r.OccurredAt == p.Time && r.RawId < p.Id));
        rows = rows.OrderByDescending(r => r.OccurredAt).ThenByDescending(r => r.RawId);

        var format = Export.FormatOf(http.Request);
        if (format != ExportFormat.Page)
        {
            return Export.Stream(format, rows.AsAsyncEnumerable().Select(map), json.Value.SerializerOptions, columns, values);
        }

        var limit = query.Limit ?? QueryWindow.DefaultLimit;
        var page = await rows.Take(limit + 1).ToListAsync(ct);
        string? next = null;
        if (page.Count > limit)
        {
            page.RemoveAt(limit);
            next = cursors.Encode(new PageCursor(page[^1].OccurredAt, page[^1].RawId, from, to), query.Signature);
        }

        return TypedResults.Ok(new Page<TItem>(page.Select(map).ToList(), next));
    }

    public static ProblemHttpResult BadCursor() =>
        TypedResults.Problem(detail: "The cursor is invalid, or belongs to a query with other filters.", statusCode: StatusCodes.Status400BadRequest);

    public JsonSerializerOptions JsonOptions => json.Value.SerializerOptions;
}
