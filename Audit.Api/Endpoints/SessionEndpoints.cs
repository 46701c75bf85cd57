using System.Globalization;
using System.Text;
using Audit.Api.Queries;
using Audit.Api.Validation;
using Audit.Infrastructure.Database;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Audit.Api.Endpoints;

/// <summary>Filters of <c>GET /api/v1/sessions</c> (SSH logins that succeeded).</summary>
/// <param name="User">The user who logged in.</param>
/// <param name="Ip">Exact source IP.</param>
public sealed record SessionQuery(string? Host, string? User, string? From, string? To, int? Limit, string? Cursor, string? Ip) : IListQuery
{
    public string Signature => $"sessions|{Host}|{User}|{From}|{To}|{Ip}";
}

/// <summary>
/// An SSH login reconstructed: who logged in to which host, from where, how, when it ended (null while
/// no end was seen). <c>auditSession</c> is auditd's ses for it (from the LOGIN record of the sshd
/// process), which ties in everything done inside — also as root after sudo.
/// </summary>
/// <param name="Id">The session's id for <c>/sessions/{id}</c> (opaque).</param>
public sealed record SessionItem(
    string Id, string Host, string? User, string? SourceIp, int? SourcePort, string? Method, DateTimeOffset Start, DateTimeOffset? End,
    int? SshdPid, long? AuditSession, long? LoginUid);

/// <summary>
/// A session and everything done inside it, oldest first. <c>tiedBy</c> says how activity was tied to
/// the session: <c>auditd-session</c> (auditd's ses: executions, sudo, and the commands of shells the
/// session started, also as root after sudo) or <c>user-and-time</c> (no auditd data: the user's
/// activity on the host while the session lasted). <c>truncated</c> is true when more than
/// <c>limit</c> entries matched. <c>processTree</c> (with auditd data only) is the login with its
/// processes under it: shell → typed command → its child processes; sudo → root shell → ….
/// </summary>
public sealed record SessionDetail(SessionItem Session, string TiedBy, IReadOnlyList<TimelineItem> Items, bool Truncated, ProcessNode? ProcessTree = null) : ICountedResult
{
    int ICountedResult.RowCount => Items.Count;
}

public sealed class SessionQueryValidator : ListQueryValidator<SessionQuery>;

/// <summary>
/// <c>GET /api/v1/sessions</c> and <c>/sessions/{id}</c>: logins reconstructed, with what was done inside.
/// Sessions from the logs: a successful sshd login starts one; it ends at sshd's "Disconnected from
/// user …" or pam_unix's "session closed" of the same sshd process (or the same client address and
/// port). auditd's LOGIN record of that sshd process gives the session's ses (and login uid).
/// </summary>
public static class SessionEndpoints
{
    public const int DefaultDetailLimit = 1000;
    public const int MaxDetailLimit = 10_000;
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);

    public static readonly ListSource<SessionQuery, SessionView, SessionItem> Sessions = new(Filter, ToItem);

    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapReadGroup("Sessions");
        group.MapList("/sessions", Sessions).WithName("ListSessions")
            .WithSummary("SSH logins: who logged in to which host, from where, how, and when the session ended.");
        group.MapGet("/sessions/{id}", GetSessionAsync).WithName("GetSession")
            .WithSummary("One session and everything done inside it, oldest first: typed commands, executions (also as root after sudo), sudo, su; and its process tree.")
            .Produces<SessionDetail>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    /// <param name="id">The session id from /sessions.</param>
    /// <param name="limit">Most entries to return (default 1000, at most 10000).</param>
    public static async Task<Results<Ok<SessionDetail>, ProblemHttpResult>> GetSessionAsync(
        string id, int? limit, QueryStore store, TimeProvider time, CancellationToken ct)
    {
        if (limit is < 1 or > MaxDetailLimit) return TypedResults.Problem(detail: $"'limit' must be between 1 and {MaxDetailLimit}.", statusCode: StatusCodes.Status400BadRequest);
        if (!SessionId.TryParse(id, out var start, out var rawId)) return TypedResults.Problem(detail: "Not a session id.", statusCode: StatusCodes.Status400BadRequest);
        var db = store.Db;
        var view = await Reconstruct(db, db.Logins.Where(l => l.OccurredAt == start && l.RawId == rawId && l.Outcome == "success")).FirstOrDefaultAsync(ct);
        if (view is null) return TypedResults.Problem(detail: $"No session {id}.", statusCode: StatusCodes.Status404NotFound);

        var session = ToItem(view);
        var now = time.GetUtcNow();
        // A little past the end: sshd writes the session's closing lines (pam_unix "session closed") just after it.
        var until = session.End + CloseGrace ?? (session.Start + LongestSession < now ? session.Start + LongestSession : now);
        var (items, truncated) = await SessionActivity.LoadAsync(store.DataSource, session, until, limit ?? DefaultDetailLimit, ct);
        var tree = await SessionProcessTree.LoadAsync(db, session, until, limit ?? DefaultDetailLimit, ct);
        return TypedResults.Ok(new SessionDetail(session, session.AuditSession is null ? "user-and-time" : "auditd-session", items, truncated, tree));
    }

    /// <summary>How long after its start a session's end and LOGIN record are looked for.</summary>
    public static readonly TimeSpan LongestSession = TimeSpan.FromDays(7);

    private static readonly TimeSpan LoginRecordBefore = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LoginRecordAfter = TimeSpan.FromMinutes(1);

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
}

/// <summary>A successful login with the end and the auditd session found for it.</summary>
public sealed class SessionView : IEventRow
{
    public DateTimeOffset OccurredAt { get; init; }

    public long RawId { get; init; }

    public string Host { get; init; } = "";

    public LoginRow Login { get; init; } = null!;

    public DateTimeOffset? End { get; init; }

    public long? AuditSession { get; init; }

    public long? LoginUid { get; init; }
}

/// <summary>
/// A session's id: when its login happened and which line said so (<c>ticks-rawId</c>). Carrying the
/// time lets the lookup go to the login's day partition instead of probing every partition.
/// </summary>
public static class SessionId
{
    public static string Format(DateTimeOffset start, long rawId) => string.Create(CultureInfo.InvariantCulture, $"{start.UtcTicks}-{rawId}");

    public static bool TryParse(string? text, out DateTimeOffset start, out long rawId)
    {
        start = default;
        rawId = 0;
        var dash = text?.IndexOf('-', StringComparison.Ordinal) ?? -1;
        if (dash <= 0 || text!.Length > 40) return false;
        if (!long.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || !long.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out rawId)
            || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        start = new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;
    }
}

/// <summary>The UNION over event tables that gathers what happened inside one session, oldest first.</summary>
public static class SessionActivity
{
    public static async Task<(List<TimelineItem> Items, bool Truncated)> LoadAsync(NpgsqlDataSource db, SessionItem s, DateTimeOffset until, int limit, CancellationToken ct)
    {
        var p = new List<NpgsqlParameter>
        {
            new("host", s.Host), new("start", s.Start.ToUniversalTime()), new("until", until.ToUniversalTime()),
            new("user", (object?)s.User ?? DBNull.Value), new("n", limit + 1), new("sshd_pid", (object?)s.SshdPid ?? DBNull.Value),
        };
        var window = "host = @host AND occurred_at >= @start AND occurred_at <= @until";
        var branches = new List<string>();
        if (s.AuditSession is { } ses)
        {
            p.Add(new NpgsqlParameter("ses", ses));
            branches.Add(Branch("execution", $"{window} AND session = @ses"));
            // Shells the session started (their own execve carries the ses): their typed commands belong to it.
            branches.Add(Branch("command", $"{window} AND shell_pid IN (SELECT pid FROM executions WHERE {window} AND session = @ses)"));
            // sudo: the auth.log row (it has runAs) when auditd saw it in this session, else auditd's row, and auth.log rows auditd never saw.
            var twin = $"FROM sudo_events d WHERE d.host = sudo_events.host AND d.command_key = sudo_events.command_key " +
                $"AND d.occurred_at BETWEEN sudo_events.occurred_at - interval '{SudoEndpoints.TwinWindowSeconds} s' AND sudo_events.occurred_at + interval '{SudoEndpoints.TwinWindowSeconds} s'";
            branches.Add(Branch("sudo", $"{window} AND (" +
                $"(origin = 'auth' AND EXISTS (SELECT 1 {twin} AND d.origin = 'auditd' AND d.session = @ses)) OR " +
                $"(origin = 'auditd' AND session = @ses AND NOT EXISTS (SELECT 1 {twin} AND d.origin = 'auth')) OR " +
                $"(origin = 'auth' AND user_name = @user AND NOT EXISTS (SELECT 1 {twin} AND d.origin = 'auditd')))"));
        }
        else
        {
            branches.Add(Branch("command", $"{window} AND login_user = @user"));
            branches.Add(Branch("sudo", $"{window} AND (user_name = @user OR login_user = @user)"));
        }

        branches.Add(Branch("su", $"{window} AND user_name = @user"));
        branches.Add(Branch("session", $"{window} AND service = 'sshd' AND pid = @sshd_pid"));

        var sql = new StringBuilder("SELECT occurred_at, kind, host, user_name, summary, detail, raw_id, key FROM (")
            .AppendJoin(" UNION ALL ", branches).Append(") u ORDER BY occurred_at, key LIMIT @n").ToString();
        var rows = await UnionQuery.RunAsync(db, sql, p, ct).ToListAsync(ct);
        var truncated = rows.Count > limit;
        if (truncated) rows.RemoveAt(limit);
        return (rows.Select(UnionRunner.ToItem).ToList(), truncated);
    }

    private static string Branch(string kindName, string where)
    {
        var k = EventKind.All.Single(e => e.Name == kindName);
        return $"(SELECT occurred_at, '{k.Name}' AS kind, host, {k.UserColumn} AS user_name, {k.Summary} AS summary, ({k.Detail})::text AS detail, " +
               $"raw_id, raw_id * 16 + {k.Number} AS key FROM {k.Table} WHERE {where})";
    }
}
