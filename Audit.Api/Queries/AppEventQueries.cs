using Audit.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Audit.Api.Queries;

public static class AppEventQueries
{
    public static readonly string[] Columns = ["time", "host", "actor", "action", "resource", "outcome", "sourceIp", "service", "before", "after", "extra", "rawId"];

    public static IQueryable<AppEventRow> Filter(AuditDbContext db, AppEventQuery q, DateTimeOffset from, DateTimeOffset to)
    {
        var rows = db.AppEvents.Where(a => a.OccurredAt >= from && a.OccurredAt <= to);
        if (!string.IsNullOrEmpty(q.Host)) rows = rows.Where(a => a.Host == q.Host);
        var actor = q.Actor ?? q.User;
        if (!string.IsNullOrEmpty(actor)) rows = rows.Where(a => a.Actor == actor);
        if (!string.IsNullOrEmpty(q.Action)) rows = rows.Where(a => a.Action == q.Action);
        if (!string.IsNullOrEmpty(q.Resource))
        {
            var pattern = LikePattern.Contains(q.Resource);
            rows = rows.Where(a => a.Resource != null && EF.Functions.ILike(a.Resource, EF.Constant(pattern), "\\"));
        }

        return rows;
    }

    public static AppEventItem ToItem(AppEventRow a) =>
        new(a.OccurredAt, a.Host, a.Actor, a.Action, a.Resource, a.Outcome, a.SourceIp, a.Service, a.Before?.RootElement.Clone(), a.After?.RootElement.Clone(), a.Extra?.RootElement.Clone(), a.RawId);

    public static object?[] Values(AppEventItem a) =>
        [a.Time, a.Host, a.Actor, a.Action, a.Resource, a.Outcome, a.SourceIp, a.Service, a.Before?.GetRawText(), a.After?.GetRawText(), a.Extra?.GetRawText(), a.RawId];
}
