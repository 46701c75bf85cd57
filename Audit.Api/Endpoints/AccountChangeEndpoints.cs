using Audit.Api.Queries;
using Audit.Api.Validation;
using Audit.Infrastructure.Database;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Audit.Api.Endpoints;

/// <summary>Filters of <c>GET /api/v1/account-changes</c>.</summary>
/// <param name="User">A user changed (target) or the person who changed it (actor).</param>
/// <param name="Action">user_created, user_deleted, user_modified, group_created, group_deleted, group_modified, member_added, member_removed, password_changed.</param>
/// <param name="Group">Group of a membership change, or the group created/deleted.</param>
/// <param name="Actor">The person who made the change: auditd's login user (auid, so the one behind <c>sudo useradd</c>), else who the line names.</param>
public sealed record AccountChangeQuery(string? Host, string? User, string? From, string? To, int? Limit, string? Cursor, string? Action, string? Group, string? Actor) : IListQuery
{
    public string Signature => $"account-changes|{Host}|{User}|{From}|{To}|{Action}|{Group}|{Actor}";
}

/// <summary>
/// A user or group account change; <c>success</c> is false for a change the tool reported as failed.
/// <c>actor</c> is the person behind it (auditd's login user, which survives sudo), else what the line
/// itself names; <c>seenIn</c> says whether it came from auth.log, auditd or both.
/// </summary>
public sealed record AccountChangeItem(
    DateTimeOffset Time, string Host, string Action, string Target, string? Group, string? Actor, long? Uid, long? Gid,
    string? Home, string? Shell, string? Detail, string Program, bool Success, IReadOnlyList<string> SeenIn, long? Session, int? Pid, long RawId);

public sealed class AccountChangeQueryValidator : ListQueryValidator<AccountChangeQuery>
{
    public AccountChangeQueryValidator() => OneOf(q => q.Action, AccountChangeEndpoints.Actions);
}

/// <summary>
/// <c>GET /api/v1/account-changes</c>: account changes as seen in auth.log (shadow-utils/PAM lines) and in auditd's account records. The
/// two name one change by the tool's pid: an auditd row with an auth.log row of the same host and pid
/// within <see cref="TwinWindowSeconds"/> is not listed on its own; the auth.log row takes the person
/// (auid) from it as <c>actor</c>. auditd writes several records for one change (groupadd: /etc/group,
/// /etc/gshadow); alone, only the first of those with the same pid, action and target is listed. A
/// change seen in only one place still appears.
/// </summary>
public static class AccountChangeEndpoints
{
    public static readonly ListSource<AccountChangeQuery, AccountChangeView, AccountChangeItem> AccountChanges = new(Filter, ToItem);

    public static IEndpointRouteBuilder MapAccountChangeEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapReadGroup("Authentication");
        group.MapList("/account-changes", AccountChanges).WithName("ListAccountChanges")
            .WithSummary("Users and groups created, deleted, modified; membership and password changes.");
        return app;
    }

    public const int TwinWindowSeconds = 5;

    public static readonly IReadOnlyList<string> Actions =
        ["user_created", "user_deleted", "user_modified", "group_created", "group_deleted", "group_modified", "member_added", "member_removed", "password_changed"];

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
