using Audit.Infrastructure.Database;

namespace Audit.Api.Queries;

/// <summary>
/// Sessions from the logs: a successful sshd login starts one; it ends at sshd's "Disconnected from
/// user …" or pam_unix's "session closed" of the same sshd process (or the same client address and
/// port). auditd's LOGIN record of that sshd process gives the session's ses (and login uid).
/// </summary>
public static class SessionQueries
{
    /// <summary>How long after its start a session's end and LOGIN record are looked for.</summary>
    public static readonly TimeSpan LongestSession = TimeSpan.FromDays(7);

    private static readonly TimeSpan LoginRecordBefore = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LoginRecordAfter = TimeSpan.FromMinutes(1);

    public static readonly string[] Columns = ["id", "host", "user", "sourceIp", "sourcePort", "method", "start", "end", "sshdPid", "auditSession", "loginUid"];

    public static IQueryable<SessionView> Filter(AuditDbContext db, SessionQuery q, DateTimeOffset from, DateTimeOffset to)
    {
        var logins = db.Logins.Where(l => l.Outcome == "success" && l.Service == "sshd" && l.OccurredAt >= from && l.OccurredAt <= to);
        if (!string.IsNullOrEmpty(q.Host)) logins = logins.Where(l => l.Host == q.Host);
        if (!string.IsNullOrEmpty(q.User)) logins = logins.Where(l => l.UserName == q.User);
        if (!string.IsNullOrEmpty(q.Ip)) logins = logins.Where(l => l.SourceIp == q.Ip);
        return Reconstruct(db, logins);
    }

    public static IQueryable<SessionView> Reconstruct(AuditDbContext db, IQueryable<LoginRow> logins) => logins.Select(l => new SessionView
    {
        OccurredAt = l.OccurredAt,
        RawId = l.RawId,
        Host = l.Host,
        Login = l,
        End = db.SessionEvents
            .Where(e => e.Host == l.Host && e.Service == "sshd" && e.Action == "closed" && e.OccurredAt >= l.OccurredAt && e.OccurredAt <= l.OccurredAt + LongestSession
                && ((e.Pid != null && e.Pid == l.SshdPid) || (e.SourceIp != null && e.SourceIp == l.SourceIp && e.SourcePort == l.SourcePort)))
            .OrderBy(e => e.OccurredAt).Select(e => (DateTimeOffset?)e.OccurredAt).FirstOrDefault(),
        AuditSession = db.AuditLogins
            .Where(a => a.Host == l.Host && a.Pid != null && a.Pid == l.SshdPid && a.Session != null
                && a.OccurredAt >= l.OccurredAt - LoginRecordBefore && a.OccurredAt <= l.OccurredAt + LoginRecordAfter)
            .OrderBy(a => a.OccurredAt).Select(a => a.Session).FirstOrDefault(),
        LoginUid = db.AuditLogins
            .Where(a => a.Host == l.Host && a.Pid != null && a.Pid == l.SshdPid && a.Session != null
                && a.OccurredAt >= l.OccurredAt - LoginRecordBefore && a.OccurredAt <= l.OccurredAt + LoginRecordAfter)
            .OrderBy(a => a.OccurredAt).Select(a => a.Auid).FirstOrDefault(),
    });

    public static SessionItem ToItem(SessionView v) =>
        new(SessionId.Format(v.OccurredAt, v.RawId), v.Host, v.Login.UserName, v.Login.SourceIp, v.Login.SourcePort, v.Login.Method, v.OccurredAt, v.End, v.Login.SshdPid, v.AuditSession, v.LoginUid);

    public static object?[] Values(SessionItem s) =>
        [s.Id, s.Host, s.User, s.SourceIp, s.SourcePort, s.Method, s.Start, s.End, s.SshdPid, s.AuditSession, s.LoginUid];
}
