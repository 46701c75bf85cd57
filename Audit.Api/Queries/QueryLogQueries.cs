using Audit.Infrastructure.Database;

namespace Audit.Api.Queries;

public static class QueryLogQueries
{
    public static readonly string[] Columns = ["time", "actor", "keyId", "method", "path", "query", "status", "rowCount", "durationMs", "id"];

    public static IQueryable<QueryLogView> Filter(AuditDbContext db, QueryLogQuery q, DateTimeOffset from, DateTimeOffset to)
    {
        var rows = db.QueryLog.Where(l => l.At >= from && l.At <= to);
        if (!string.IsNullOrEmpty(q.Actor)) rows = rows.Where(l => l.Actor == q.Actor);
        if (!string.IsNullOrEmpty(q.Path)) rows = rows.Where(l => l.Path == q.Path);
        return rows.Select(l => new QueryLogView { OccurredAt = l.At, RawId = l.Id, Row = l });
    }

    public static QueryLogItem ToItem(QueryLogView v) =>
        new(v.Row.At, v.Row.Actor, v.Row.KeyId, v.Row.Method, v.Row.Path, v.Row.Query, v.Row.Status, v.Row.RowCount, v.Row.DurationMs, v.Row.Id);

    public static object?[] Values(QueryLogItem i) => [i.Time, i.Actor, i.KeyId?.ToString(), i.Method, i.Path, i.Query, i.Status, i.RowCount, i.DurationMs, i.Id];
}
