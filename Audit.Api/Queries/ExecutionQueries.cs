using Audit.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Audit.Api.Queries;

public static class ExecutionQueries
{
    public static readonly string[] Columns = ["time", "host", "loginUser", "user", "effectiveUser", "session", "pid", "ppid", "exe", "argv", "cwd", "tty", "key", "success", "auid", "uid", "euid", "rawId"];

    public static IQueryable<ExecutionRow> Filter(AuditDbContext db, ExecutionQuery q, DateTimeOffset from, DateTimeOffset to)
    {
        var rows = db.Executions.Where(e => e.OccurredAt >= from && e.OccurredAt <= to);
        if (!string.IsNullOrEmpty(q.Host)) rows = rows.Where(e => e.Host == q.Host);
        if (!string.IsNullOrEmpty(q.User)) rows = rows.Where(e => e.LoginUser == q.User);
        if (!string.IsNullOrEmpty(q.Exe)) rows = rows.Where(e => e.Exe == q.Exe);
        if (!string.IsNullOrEmpty(q.Key)) rows = rows.Where(e => e.Key == q.Key);
        if (q.Session is { } ses) rows = rows.Where(e => e.Session == ses);
        if (!string.IsNullOrEmpty(q.Contains))
        {
            var pattern = LikePattern.Contains(q.Contains);
            rows = rows.Where(e => EF.Functions.ILike(e.CommandLine, EF.Constant(pattern), "\\"));
        }

        return rows;
    }

    public static ExecutionItem ToItem(ExecutionRow e) =>
        new(e.OccurredAt, e.Host, e.LoginUser, e.UserName, e.EffectiveUser, e.Session, e.Pid, e.Ppid, e.Exe, e.Argv ?? [], e.Cwd, e.Tty, e.Key, e.Success, e.Auid, e.Uid, e.Euid, e.RawId);

    public static object?[] Values(ExecutionItem e) =>
        [e.Time, e.Host, e.LoginUser, e.User, e.EffectiveUser, e.Session, e.Pid, e.Ppid, e.Exe, e.Argv, e.Cwd, e.Tty, e.Key, e.Success, e.Auid, e.Uid, e.Euid, e.RawId];
}
