using Audit.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Audit.Api.Queries;

/// <summary>The commands query: time-bounded (so partitions prune); ordering and paging are the runner's.</summary>
public static class CommandQueries
{
    public static readonly string[] Columns = ["time", "host", "user", "runAs", "command", "exitCode", "shellPid", "historyNumber", "shell", "source", "rawId", "relayHost"];

    public static IQueryable<CommandRow> Filter(AuditDbContext db, CommandQuery q, DateTimeOffset from, DateTimeOffset to)
    {
        var rows = db.Commands.Where(c => c.OccurredAt >= from && c.OccurredAt <= to);
        if (!string.IsNullOrEmpty(q.Host)) rows = rows.Where(c => c.Host == q.Host);
        if (!string.IsNullOrEmpty(q.User)) rows = rows.Where(c => c.LoginUser == q.User);
        if (!string.IsNullOrEmpty(q.Contains))
        {
            var pattern = LikePattern.Contains(q.Contains);
            rows = rows.Where(c => EF.Functions.ILike(c.Command, EF.Constant(pattern), "\\"));
        }

        if (q.ExitCode is { } exit) rows = rows.Where(c => c.ExitCode == exit);
        return rows;
    }

    public static CommandItem ToItem(CommandRow c) =>
        new(c.OccurredAt, c.Host, c.LoginUser, c.RunAs, c.Command, c.ExitCode, c.ShellPid, c.HistoryNo, c.Shell, c.Source, c.RawId, c.RelayHost);

    public static object?[] Values(CommandItem c) => [c.Time, c.Host, c.User, c.RunAs, c.Command, c.ExitCode, c.ShellPid, c.HistoryNumber, c.Shell, c.Source, c.RawId, c.RelayHost];
}
