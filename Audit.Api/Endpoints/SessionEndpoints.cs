using Audit.Api.Queries;
using Audit.Api.Validation;
using Audit.Infrastructure.Database;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Audit.Api.Endpoints;

/// <summary><c>GET /api/v1/sessions</c> and <c>/sessions/{id}</c>: logins reconstructed, with what was done inside.</summary>
public static class SessionEndpoints
{
    public const int DefaultDetailLimit = 1000;
    public const int MaxDetailLimit = 10_000;
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapReadGroup("Sessions");
        group.MapGet("/sessions", ListSessionsAsync).WithName("ListSessions")
            .WithSummary("SSH logins: who logged in to which host, from where, how, and when the session ended.")
            .AddEndpointFilter<ValidationFilter<SessionQuery>>().ProducesList<SessionItem>();
        group.MapGet("/sessions/{id}", GetSessionAsync).WithName("GetSession")
            .WithSummary("One session and everything done inside it, oldest first: typed commands, executions (also as root after sudo), sudo, su; and its process tree.")
            .Produces<SessionDetail>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    public static Task<Results<Ok<Page<SessionItem>>, PushStreamHttpResult, ProblemHttpResult>> ListSessionsAsync(
        [AsParameters] SessionQuery query, HttpContext http, AuditDbContext db, ListRunner runner, CancellationToken ct) =>
        runner.RunAsync(http, query, (from, to) => SessionQueries.Filter(db, query, from, to), SessionQueries.ToItem, SessionQueries.Columns, SessionQueries.Values, ct);

    /// <param name="id">The session id from /sessions.</param>
    /// <param name="limit">Most entries to return (default 1000, at most 10000).</param>
    public static async Task<Results<Ok<SessionDetail>, ProblemHttpResult>> GetSessionAsync(
        string id, int? limit, AuditDbContext db, NpgsqlDataSource dataSource, TimeProvider time, CancellationToken ct)
    {
        if (limit is < 1 or > MaxDetailLimit) return TypedResults.Problem(detail: $"'limit' must be between 1 and {MaxDetailLimit}.", statusCode: StatusCodes.Status400BadRequest);
        if (!SessionId.TryParse(id, out var start, out var rawId)) return TypedResults.Problem(detail: "Not a session id.", statusCode: StatusCodes.Status400BadRequest);
        var view = await SessionQueries.Reconstruct(db, db.Logins.Where(l => l.OccurredAt == start && l.RawId == rawId && l.Outcome == "success")).FirstOrDefaultAsync(ct);
        if (view is null) return TypedResults.Problem(detail: $"No session {id}.", statusCode: StatusCodes.Status404NotFound);

        var session = SessionQueries.ToItem(view);
        var now = time.GetUtcNow();
        // A little past the end: sshd writes the session's closing lines (pam_unix "session closed") just after it.
        var until = session.End + CloseGrace ?? (session.Start + SessionQueries.LongestSession < now ? session.Start + SessionQueries.LongestSession : now);
        var (items, truncated) = await SessionActivity.LoadAsync(dataSource, session, until, limit ?? DefaultDetailLimit, ct);
        var tree = await SessionProcessTree.LoadAsync(db, session, until, limit ?? DefaultDetailLimit, ct);
        return TypedResults.Ok(new SessionDetail(session, session.AuditSession is null ? "user-and-time" : "auditd-session", items, truncated, tree));
    }
}
