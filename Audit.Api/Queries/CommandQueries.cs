using Audit.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Audit.Api.Queries;

/// <summary>The commands query: time-bounded (so partitions prune), newest first, keyset-paged.</summary>
public static class CommandQueries
{
    public static IQueryable<CommandRow> Filter(AuditDbContext db, CommandQuery q, DateTimeOffset from, DateTimeOffset to, PageCursor? after)
    {
        var rows = db.Commands.Where(c => c.OccurredAt >= from && c.OccurredAt <= to);
        if (!string.IsNullOrEmpty(q.Host)) rows = rows.Where(c => c.Host == q.Host);
        if (!string.IsNullOrEmpty(q.User)) rows = rows.Where(c => c.LoginUser == q.User);
        if (!string.IsNullOrEmpty(q.Contains))
        {
            var pattern = LikePattern.Contains(q.Contains);
            rows = rows.Where(c => EF.Functions.ILike(c.Command, pattern, "\\"));
        }

        if (q.ExitCode is { } exit) rows = rows.Where(c => c.ExitCode == exit);
        if (after is { } a) rows = rows.Where(c => c.OccurredAt < a.Time || (c.OccurredAt == a.Time && c.RawId < a.Id));
        return rows.OrderByDescending(c => c.OccurredAt).ThenByDescending(c => c.RawId);
    }

    public static CommandItem ToItem(CommandRow c) =>
        new(c.OccurredAt, c.Host, c.LoginUser, c.RunAs, c.Command, c.ExitCode, c.ShellPid, c.HistoryNo, c.Shell, c.Source, c.RawId);
}
