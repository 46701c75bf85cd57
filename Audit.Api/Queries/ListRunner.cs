using System.Text.Json;
using Audit.Infrastructure.Database;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Audit.Api.Queries;

/// <summary>
/// Where every query handler reads from: the EF context and the data source behind it. Handlers take
/// this one service (registered in <c>ApiServiceCollectionExtensions</c>), so pointing all reads at
/// another server is one registration.
/// </summary>
public sealed record QueryStore(AuditDbContext Db, NpgsqlDataSource DataSource);

/// <summary>
/// What a list endpoint reads: its rows for a window (time-bounded, so partitions prune) and how a
/// page of rows becomes items. Ordering, paging and export are the runner's.
/// </summary>
public sealed class ListSource<TQuery, TRow, TItem>
    where TQuery : IListQuery
    where TRow : class, IEventRow
{
    public ListSource(Func<AuditDbContext, TQuery, DateTimeOffset, DateTimeOffset, IQueryable<TRow>> filter, Func<TRow, TItem> map)
        : this(filter, (_, rows, _) => Task.FromResult<IReadOnlyList<TItem>>(rows.Select(map).ToList()))
    {
    }

    /// <summary>
    /// Rows mapped a page (or an export chunk) at a time: for items that need a lookup per row (an
    /// execution's parent), done once for the page after the keyset limit, not per match.
    /// </summary>
    public ListSource(
        Func<AuditDbContext, TQuery, DateTimeOffset, DateTimeOffset, IQueryable<TRow>> filter,
        Func<QueryStore, IReadOnlyList<TRow>, CancellationToken, Task<IReadOnlyList<TItem>>> mapPage)
    {
        Filter = filter;
        MapPage = mapPage;
    }

    public Func<AuditDbContext, TQuery, DateTimeOffset, DateTimeOffset, IQueryable<TRow>> Filter { get; }

    public Func<QueryStore, IReadOnlyList<TRow>, CancellationToken, Task<IReadOnlyList<TItem>>> MapPage { get; }
}

/// <summary>
/// What every list endpoint does the same way: decode the cursor (400 when forged or foreign), fix
/// the time window (the cursor's, else the query's, else the last 24 hours), then either stream every
/// match (CSV/NDJSON) or answer one keyset page, newest first, with the next cursor.
/// </summary>
public sealed class ListRunner(CursorCodec cursors, TimeProvider time, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    private const int ExportChunk = 500;

    public Task<Results<Ok<Page<TItem>>, PushStreamHttpResult, ProblemHttpResult>> RunAsync<TQuery, TRow, TItem>(
        HttpContext http, TQuery query, QueryStore store, ListSource<TQuery, TRow, TItem> source, CancellationToken ct)
        where TQuery : IListQuery
        where TRow : class, IEventRow =>
        RunAsync(http, query, (from, to) => source.Filter(store.Db, query, from, to), (rows, c) => source.MapPage(store, rows, c), ct);

    private async Task<Results<Ok<Page<TItem>>, PushStreamHttpResult, ProblemHttpResult>> RunAsync<TRow, TItem>(
        HttpContext http,
        IListQuery query,
        Func<DateTimeOffset, DateTimeOffset, IQueryable<TRow>> filter,
        Func<IReadOnlyList<TRow>, CancellationToken, Task<IReadOnlyList<TItem>>> mapPage,
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
        if (after is null && QueryWindow.TooLong(from, to) is { } tooLong) return tooLong;
        var rows = filter(from, to);
        if (after is { } p) rows = rows.Where(r => r.OccurredAt < p.Time || (r.OccurredAt == p.Time && r.RawId < p.Id));
        rows = rows.OrderByDescending(r => r.OccurredAt).ThenByDescending(r => r.RawId);

        var format = Export.FormatOf(http.Request);
        if (format != ExportFormat.Page)
        {
            return Export.Stream(format, InChunks(rows.AsAsyncEnumerable(), mapPage, ct), json.Value.SerializerOptions);
        }

        var limit = query.Limit ?? QueryWindow.DefaultLimit;
        var page = await rows.Take(limit + 1).ToListAsync(ct);
        string? next = null;
        if (page.Count > limit)
        {
            page.RemoveAt(limit);
            next = cursors.Encode(new PageCursor(page[^1].OccurredAt, page[^1].RawId, from, to), query.Signature);
        }

        return TypedResults.Ok(new Page<TItem>([.. await mapPage(page, ct)], next));
    }

    private static async IAsyncEnumerable<TItem> InChunks<TRow, TItem>(
        IAsyncEnumerable<TRow> rows, Func<IReadOnlyList<TRow>, CancellationToken, Task<IReadOnlyList<TItem>>> mapPage,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var chunk = new List<TRow>(ExportChunk);
        await foreach (var row in rows.WithCancellation(ct))
        {
            chunk.Add(row);
            if (chunk.Count < ExportChunk) continue;
            foreach (var item in await mapPage(chunk, ct)) yield return item;
            chunk.Clear();
        }

        if (chunk.Count > 0)
        {
            foreach (var item in await mapPage(chunk, ct)) yield return item;
        }
    }

    public static ProblemHttpResult BadCursor() =>
        TypedResults.Problem(detail: "The cursor is invalid, or belongs to a query with other filters.", statusCode: StatusCodes.Status400BadRequest);

    public JsonSerializerOptions JsonOptions => json.Value.SerializerOptions;
}
