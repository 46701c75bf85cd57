using Audit.Api.Queries;
using Audit.Api.Validation;
using Audit.Infrastructure.Database;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Audit.Api.Endpoints;

/// <summary>Filters of <c>GET /api/v1/sudo</c>.</summary>
/// <param name="User">The person who ran sudo (auth.log's user, or auditd's login user).</param>
/// <param name="Outcome">allowed or denied.</param>
/// <param name="Contains">Case-insensitive substring of the command.</param>
public sealed record SudoQuery(string? Host, string? User, string? From, string? To, int? Limit, string? Cursor, string? Outcome, string? Contains) : IListQuery
{
    public string Signature => $"sudo|{Host}|{User}|{From}|{To}|{Outcome}|{Contains}";
}

/// <summary>
/// One use of sudo. <c>seenIn</c> says where it was seen: auth.log, auditd (USER_CMD) or both — a
/// sudo seen in both is listed once, with auditd's login user and session added.
/// </summary>
public sealed record SudoItem(
    DateTimeOffset Time, string Host, string User, string? RunAs, string? RunAsGroup, string? Command, string? Cwd, string? Tty,
    string Outcome, string? Reason, int? IncorrectAttempts, IReadOnlyList<string> SeenIn, string? LoginUser, long? Session, int? Pid, long RawId);

public sealed class SudoQueryValidator : ListQueryValidator<SudoQuery>
{
    public SudoQueryValidator()
    {
        OneOf(q => q.Outcome, ["allowed", "denied"]);
        RuleFor(q => q.Contains).MaximumLength(1000);
    }
}

/// <summary>
/// <c>GET /api/v1/sudo</c>: sudo as seen in auth.log and in auditd's USER_CMD: an auditd row that has an auth.log twin (same
/// host and command (in <c>SudoCommandKey</c> form) within <see cref="TwinWindowSeconds"/>) is not listed on its own; the auth.log
/// row carries the twin's login user and session instead. A sudo seen in only one place still appears
/// (a denied <c>sudo -n</c> is only in auditd).
/// </summary>
public static class SudoEndpoints
{
    public static readonly ListSource<SudoQuery, SudoView, SudoItem> Sudo = new(Filter, ToItem);

    public static IEndpointRouteBuilder MapSudoEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapReadGroup("Authentication");
        group.MapList("/sudo", Sudo).WithName("ListSudo")
            .WithSummary("sudo use, allowed and denied, from auth.log and auditd (a sudo seen in both is listed once).");
        return app;
    }

    public const int TwinWindowSeconds = 3;

    public static IQueryable<SudoView> Filter(AuditDbContext db, SudoQuery q, DateTimeOffset from, DateTimeOffset to)
    {
        var window = TimeSpan.FromSeconds(TwinWindowSeconds);
        var rows = db.Sudo.Where(s => s.OccurredAt >= from && s.OccurredAt <= to);
        if (!string.IsNullOrEmpty(q.Host)) rows = rows.Where(s => s.Host == q.Host);
        if (!string.IsNullOrEmpty(q.Outcome)) rows = rows.Where(s => s.Outcome == q.Outcome);
        if (!string.IsNullOrEmpty(q.Contains))
        {
            var pattern = LikePattern.Contains(q.Contains);
            rows = rows.Where(s => s.Command != null && EF.Functions.ILike(s.Command, EF.Constant(pattern), "\\"));
        }

        if (!string.IsNullOrEmpty(q.User))
        {
            rows = rows.Where(s => s.UserName == q.User || s.LoginUser == q.User || (s.Origin == "auth" && db.Sudo.Any(d => d.Origin == "auditd" && d.LoginUser == q.User
                && s.CommandKey != null && d.Host == s.Host && d.CommandKey == s.CommandKey && d.OccurredAt >= s.OccurredAt - window && d.OccurredAt <= s.OccurredAt + window)));
        }

        rows = rows.Where(s => s.Origin == "auth" || s.CommandKey == null || !db.Sudo.Any(a => a.Origin == "auth" && a.Host == s.Host && a.CommandKey == s.CommandKey
            && a.OccurredAt >= s.OccurredAt - window && a.OccurredAt <= s.OccurredAt + window));

        return rows.Select(s => new SudoView
        {
            OccurredAt = s.OccurredAt,
            RawId = s.RawId,
            Host = s.Host,
            Row = s,
            Twin = s.Origin == "auth"
                ? db.Sudo.Where(d => d.Origin == "auditd" && s.CommandKey != null && d.Host == s.Host && d.CommandKey == s.CommandKey
                    && d.OccurredAt >= s.OccurredAt - window && d.OccurredAt <= s.OccurredAt + window).OrderBy(d => d.RawId).FirstOrDefault()
                : null,
        });
    }

    public static SudoItem ToItem(SudoView v)
    {
        var s = v.Row;
        var t = v.Twin;
        IReadOnlyList<string> seenIn = t is null ? [s.Origin] : [s.Origin, t.Origin];
        return new SudoItem(s.OccurredAt, s.Host, s.UserName, s.RunAs ?? t?.RunAs, s.RunAsGroup, s.Command, s.Cwd ?? t?.Cwd, s.Tty ?? t?.Tty,
            s.Outcome, s.Reason ?? t?.Reason, s.IncorrectAttempts, seenIn, s.LoginUser ?? t?.LoginUser, s.Session ?? t?.Session, s.Pid ?? t?.Pid, s.RawId);
    }
}

/// <summary>A sudo row with its counterpart from the other source, when there is one.</summary>
public sealed class SudoView : IEventRow
{
    public DateTimeOffset OccurredAt { get; init; }

    public long RawId { get; init; }

    public string Host { get; init; } = "";

    public SudoRow Row { get; init; } = null!;

    public SudoRow? Twin { get; init; }
}
