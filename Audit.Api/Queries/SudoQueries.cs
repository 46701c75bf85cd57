using Audit.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Audit.Api.Queries;

/// <summary>
/// sudo as seen in auth.log and in auditd's USER_CMD: an auditd row that has an auth.log twin (same
/// host and command (in <c>SudoCommandKey</c> form) within <see cref="TwinWindowSeconds"/>) is not listed on its own; the auth.log
/// row carries the twin's login user and session instead. A sudo seen in only one place still appears
/// (a denied <c>sudo -n</c> is only in auditd).
/// </summary>
public static class SudoQueries
{
    public const int TwinWindowSeconds = 3;

    public static readonly string[] Columns = ["time", "host", "user", "runAs", "runAsGroup", "command", "cwd", "tty", "outcome", "reason", "incorrectAttempts", "seenIn", "loginUser", "session", "pid", "rawId"];

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

    public static object?[] Values(SudoItem s) =>
        [s.Time, s.Host, s.User, s.RunAs, s.RunAsGroup, s.Command, s.Cwd, s.Tty, s.Outcome, s.Reason, s.IncorrectAttempts, s.SeenIn, s.LoginUser, s.Session, s.Pid, s.RawId];
}
