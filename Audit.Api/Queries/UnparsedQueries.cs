using Audit.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Audit.Api.Queries;

public static class UnparsedQueries
{
    public static readonly string[] Columns = ["receivedAt", "host", "source", "reason", "line", "lineBytes", "rawId"];

    public static IQueryable<UnparsedView> Filter(AuditDbContext db, UnparsedQuery q, DateTimeOffset from, DateTimeOffset to)
    {
        // Both tables are partitioned by receive day: bounding that day prunes both sides of the join.
        var fromDay = DateOnly.FromDateTime(from.UtcDateTime);
        var toDay = DateOnly.FromDateTime(to.UtcDateTime);
        var rows = db.Unparsed.Where(u => u.ReceivedOn >= fromDay && u.ReceivedOn <= toDay && u.ReceivedAt >= from && u.ReceivedAt <= to);
        if (!string.IsNullOrEmpty(q.Host)) rows = rows.Where(u => u.Host == q.Host);
        if (!string.IsNullOrEmpty(q.Source)) rows = rows.Where(u => u.Source == q.Source);
        if (!string.IsNullOrEmpty(q.Reason))
        {
            var pattern = LikePattern.Contains(q.Reason);
            rows = rows.Where(u => EF.Functions.ILike(u.Reason, EF.Constant(pattern), "\\"));
        }

        return rows.Join(db.RawLines.Where(r => r.ReceivedOn >= fromDay && r.ReceivedOn <= toDay), u => new { u.ReceivedOn, Id = u.RawId }, r => new { r.ReceivedOn, r.Id },
            (u, r) => new UnparsedView { OccurredAt = u.ReceivedAt, RawId = u.RawId, Host = u.Host, Source = u.Source, Reason = u.Reason, Line = r.Line, LineBytes = r.LineBytes });
    }

    public static UnparsedItem ToItem(UnparsedView u) =>
        new(u.OccurredAt, u.Host, u.Source, u.Reason, u.Line, u.LineBytes is null ? null : Convert.ToBase64String(u.LineBytes), u.RawId);

    public static object?[] Values(UnparsedItem u) => [u.ReceivedAt, u.Host, u.Source, u.Reason, u.Line, u.LineBytes, u.RawId];
}
