using Audit.Infrastructure.Database;

namespace Audit.Api.Queries;

public static class AccountChangeQueries
{
    public static readonly IReadOnlyList<string> Actions =
        ["user_created", "user_deleted", "user_modified", "group_created", "group_deleted", "group_modified", "member_added", "member_removed", "password_changed"];

    public static readonly string[] Columns = ["time", "host", "action", "target", "group", "actor", "uid", "gid", "home", "shell", "detail", "program", "success", "rawId"];

    public static IQueryable<AccountChangeRow> Filter(AuditDbContext db, AccountChangeQuery q, DateTimeOffset from, DateTimeOffset to)
    {
        var rows = db.AccountChanges.Where(a => a.OccurredAt >= from && a.OccurredAt <= to);
        if (!string.IsNullOrEmpty(q.Host)) rows = rows.Where(a => a.Host == q.Host);
        if (!string.IsNullOrEmpty(q.User)) rows = rows.Where(a => a.Target == q.User || a.Actor == q.User);
        if (!string.IsNullOrEmpty(q.Action)) rows = rows.Where(a => a.Action == q.Action);
        if (!string.IsNullOrEmpty(q.Group)) rows = rows.Where(a => a.GroupName == q.Group || (a.Target == q.Group && a.Action.StartsWith("group_")));
        return rows;
    }

    public static AccountChangeItem ToItem(AccountChangeRow a) =>
        new(a.OccurredAt, a.Host, a.Action, a.Target, a.GroupName, a.Actor, a.Uid, a.Gid, a.Home, a.Shell, a.Detail, a.Program, a.Success, a.RawId);

    public static object?[] Values(AccountChangeItem a) =>
        [a.Time, a.Host, a.Action, a.Target, a.Group, a.Actor, a.Uid, a.Gid, a.Home, a.Shell, a.Detail, a.Program, a.Success, a.RawId];
}
