using Audit.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Audit.Api.Queries;

/// <summary>
/// Account changes as seen in auth.log (shadow-utils/PAM lines) and in auditd's account records. The
/// two name one change by the tool's pid: an auditd row with an auth.log row of the same host and pid
/// within <see cref="TwinWindowSeconds"/> is not listed on its own; the auth.log row takes the person
/// (auid) from it as <c>actor</c>. auditd writes several records for one change (groupadd: /etc/group,
/// /etc/gshadow); alone, only the first of those with the same pid, action and target is listed. A
/// change seen in only one place still appears.
/// </summary>
public static class AccountChangeQueries
{
    public const int TwinWindowSeconds = 5;

    public static readonly IReadOnlyList<string> Actions =
        ["user_created", "user_deleted", "user_modified", "group_created", "group_deleted", "group_modified", "member_added", "member_removed", "password_changed"];

    public static readonly string[] Columns = ["time", "host", "action", "target", "group", "actor", "uid", "gid", "home", "shell", "detail", "program", "success", "seenIn", "session", "pid", "rawId"];

    public static IQueryable<AccountChangeView> Filter(AuditDbContext db, AccountChangeQuery q, DateTimeOffset from, DateTimeOffset to)
    {
        var window = TimeSpan.FromSeconds(TwinWindowSeconds);
        var rows = db.AccountChanges.Where(a => a.OccurredAt >= from && a.OccurredAt <= to);
        if (!string.IsNullOrEmpty(q.Host)) rows = rows.Where(a => a.Host == q.Host);
        if (!string.IsNullOrEmpty(q.Action)) rows = rows.Where(a => a.Action == q.Action);
        if (!string.IsNullOrEmpty(q.Group)) rows = rows.Where(a => a.GroupName == q.Group || (a.Target == q.Group && a.Action.StartsWith("group_")));
        var twins = db.AccountChanges.Where(d => d.Origin == "auditd");
        if (!string.IsNullOrEmpty(q.User))
        {
            rows = rows.Where(a => a.Target == q.User || a.Actor == q.User || (a.Origin == "auth" && a.Pid != null && twins.Any(d => d.LoginUser == q.User
                && d.Host == a.Host && d.Pid == a.Pid && d.OccurredAt >= a.OccurredAt - window && d.OccurredAt <= a.OccurredAt + window)));
        }

        if (!string.IsNullOrEmpty(q.Actor))
        {
            rows = rows.Where(a => a.Actor == q.Actor || (a.Origin == "auth" && a.Pid != null && twins.Any(d => d.LoginUser == q.Actor
                && d.Host == a.Host && d.Pid == a.Pid && d.OccurredAt >= a.OccurredAt - window && d.OccurredAt <= a.OccurredAt + window)));
        }

        rows = rows.Where(a => a.Origin == "auth" || a.Pid == null || (
            !db.AccountChanges.Any(o => o.Origin == "auth" && o.Host == a.Host && o.Pid == a.Pid && o.OccurredAt >= a.OccurredAt - window && o.OccurredAt <= a.OccurredAt + window)
            && !twins.Any(o => o.Host == a.Host && o.Pid == a.Pid && o.Action == a.Action && o.Target == a.Target && o.RawId < a.RawId
                && o.OccurredAt >= a.OccurredAt - window && o.OccurredAt <= a.OccurredAt + window)));

        return rows.Select(a => new AccountChangeView
        {
            OccurredAt = a.OccurredAt,
            RawId = a.RawId,
            Host = a.Host,
            Row = a,
            Twin = a.Origin == "auth" && a.Pid != null
                ? twins.Where(d => d.Host == a.Host && d.Pid == a.Pid && d.OccurredAt >= a.OccurredAt - window && d.OccurredAt <= a.OccurredAt + window)
                    .OrderBy(d => d.RawId).FirstOrDefault()
                : null,
        });
    }

    public static AccountChangeItem ToItem(AccountChangeView v)
    {
        var a = v.Row;
        var t = v.Twin;
        IReadOnlyList<string> seenIn = t is null ? [a.Origin] : [a.Origin, t.Origin];
        return new(a.OccurredAt, a.Host, a.Action, a.Target, a.GroupName, t?.LoginUser ?? a.Actor, a.Uid ?? (t?.Action == a.Action ? t.Uid : null),
            a.Gid ?? (t?.Action == a.Action ? t.Gid : null), a.Home, a.Shell, a.Detail, a.Program, a.Success, seenIn, a.Session ?? t?.Session, a.Pid, a.RawId);
    }

    public static object?[] Values(AccountChangeItem a) =>
        [a.Time, a.Host, a.Action, a.Target, a.Group, a.Actor, a.Uid, a.Gid, a.Home, a.Shell, a.Detail, a.Program, a.Success, a.SeenIn, a.Session, a.Pid, a.RawId];
}

/// <summary>An account change row with its counterpart from the other source, when there is one.</summary>
public sealed class AccountChangeView : IEventRow
{
    public DateTimeOffset OccurredAt { get; init; }

    public long RawId { get; init; }

    public string Host { get; init; } = "";

    public AccountChangeRow Row { get; init; } = null!;

    public AccountChangeRow? Twin { get; init; }
}
