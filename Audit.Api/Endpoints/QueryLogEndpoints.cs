using Audit.Api.Auth;
using Audit.Api.Queries;
using Audit.Api.Validation;
using Audit.Infrastructure.Database;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Audit.Api.Endpoints;

/// <summary>Filters of <c>GET /api/v1/admin/query-log</c>.</summary>
/// <param name="Actor">The key name (or bootstrap-admin) that asked.</param>
/// <param name="Path">Exact endpoint path, e.g. /api/v1/commands.</param>
public sealed record QueryLogQuery(string? Actor, string? Path, string? From, string? To, int? Limit, string? Cursor) : IListQuery
{
    public string Signature => $"query-log|{Actor}|{Path}|{From}|{To}";
}

/// <summary>One recorded query: who asked what, when, and how many rows the answer had (null for streamed exports).</summary>
public sealed record QueryLogItem(DateTimeOffset Time, string Actor, Guid? KeyId, string Method, string Path, string Query, int Status, int? RowCount, int DurationMs, long Id);

public sealed class QueryLogQueryValidator : ListQueryValidator<QueryLogQuery>;

/// <summary><c>GET /api/v1/admin/query-log</c>: the audit of the auditors (admin only; also recorded).</summary>
public static class QueryLogEndpoints
{
    public static readonly ListSource<QueryLogQuery, QueryLogView, QueryLogItem> QueryLog = new(Filter, ToItem);

    public static IEndpointRouteBuilder MapQueryLogEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/admin").WithTags("Admin").RequireAuthorization(Policies.Admin).WithQueryLog()
            .MapList("/query-log", QueryLog).WithName("ListQueryLog")
            .WithSummary("Every query against the audit store: who asked what, when, how many rows.");
        return app;
    }

    public static IQueryable<QueryLogView> Filter(AuditDbContext db, QueryLogQuery q, DateTimeOffset from, DateTimeOffset to)
    {
        var rows = db.QueryLog.Where(l => l.At >= from && l.At <= to);
        if (!string.IsNullOrEmpty(q.Actor)) rows = rows.Where(l => l.Actor == q.Actor);
        if (!string.IsNullOrEmpty(q.Path)) rows = rows.Where(l => l.Path == q.Path);
        return rows.Select(l => new QueryLogView { OccurredAt = l.At, RawId = l.Id, Row = l });
    }

    public static QueryLogItem ToItem(QueryLogView v) =>
        new(v.Row.At, v.Row.Actor, v.Row.KeyId, v.Row.Method, v.Row.Path, v.Row.Query, v.Row.Status, v.Row.RowCount, v.Row.DurationMs, v.Row.Id);
}

/// <summary>A query_log row keyed for the list runner (time, id).</summary>
public sealed class QueryLogView : IEventRow
{
    public DateTimeOffset OccurredAt { get; init; }

    public long RawId { get; init; }

    public string Host { get; init; } = "";

    public QueryLogRow Row { get; init; } = null!;
}
