using Audit.Api.Queries;
using Audit.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Audit.Api.Endpoints;

/// <summary>
/// Where an execution came from, nearest first: its parent execution, that one's parent, … until no
/// exec of the ppid is known (at most <c>depth</c> steps). There, a process of a login session is tied
/// to the login by auditd's ses (a ppid that was never exec'd but forked from an exec of the session
/// just below it, sudo's monitor, is bridged as in <see cref="SessionProcessTree"/>): the LOGIN record (which names the sshd process that set the login
/// uid) and that sshd process's own exec. sshd's session child forks without exec, so the shell's
/// parent is never an execution; the login bridges that gap. <c>reachedLogin</c> is true when the walk
/// ended at the login; <c>truncated</c> when <c>depth</c> stopped it first.
/// </summary>
public sealed record ExecutionAncestry(
    ExecutionItem Execution, IReadOnlyList<ExecutionItem> Ancestors, AncestryLogin? Login, ExecutionItem? LoginProcess, bool ReachedLogin, bool Truncated) : ICountedResult
{
    int ICountedResult.RowCount => 1 + Ancestors.Count + (LoginProcess is null ? 0 : 1);
}

/// <summary>auditd's LOGIN for the session: the sshd process (<c>pid</c>) that set the login user and session.</summary>
public sealed record AncestryLogin(DateTimeOffset Time, string Host, int? Pid, string? LoginUser, long? Session);

public static class ExecutionAncestryQueries
{
    public const int DefaultDepth = 32;
    public const int MaxDepth = 256;

    public static async Task<ExecutionAncestry?> LoadAsync(AuditDbContext db, DateTimeOffset time, long rawId, long serial, int depth, CancellationToken ct)
    {
        var start = await OneAsync(db, time, rawId, serial, ct);
        if (start is null) return null;
        var ancestors = new List<ExecutionItem>();
        var seen = new HashSet<(DateTimeOffset, long, long)> { (time, rawId, serial) };
        var current = start;
        while (ancestors.Count < depth)
        {
            var next = current.Parent is { } p
                ? await OneAsync(db, p.OccurredAt, p.RawId, p.Serial, ct)
                : await ForkedFromAsync(db, current.Row, ct);
            if (next is null || !seen.Add((next.OccurredAt, next.RawId, next.Row.Serial))) break;
            ancestors.Add(ExecutionQueries.ToItem(next));
            current = next;
        }

        var truncated = ancestors.Count >= depth && (current.Parent is not null || await ForkedFromAsync(db, current.Row, ct) is not null);
        AncestryLogin? login = null;
        ExecutionItem? loginProcess = null;
        var top = current.Row;
        if (!truncated && top.Session is { } ses)
        {
            var lookback = top.OccurredAt - ExecutionQueries.ParentLookback;
            var l = await db.AuditLogins.AsNoTracking()
                .Where(a => a.Host == top.Host && a.Session == ses && a.OccurredAt <= top.OccurredAt && a.OccurredAt >= lookback)
                .OrderByDescending(a => a.OccurredAt).FirstOrDefaultAsync(ct);
            if (l is not null)
            {
                login = new AncestryLogin(l.OccurredAt, l.Host, l.Pid, l.LoginUser, l.Session);
                var sshd = l.Pid is { } pid
                    ? await ExecutionQueries.WithParent(db, db.Executions.AsNoTracking()
                        .Where(e => e.Host == l.Host && e.Pid == pid && e.OccurredAt <= l.OccurredAt && e.OccurredAt >= l.OccurredAt - ExecutionQueries.ParentLookback)
                        .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Serial).Take(1)).FirstOrDefaultAsync(ct)
                    : null;
                loginProcess = sshd is null ? null : ExecutionQueries.ToItem(sshd);
            }
        }

        return new ExecutionAncestry(ExecutionQueries.ToItem(start), ancestors, login, loginProcess, login is not null, truncated);
    }

    /// <summary>
    /// The parent of a process whose ppid was never exec'd (sudo's monitor with use_pty forks without
    /// exec, and su's): the session's latest sudo or su exec at or before it of a pid at most <see cref="SessionProcessTree.ForkGap"/>
    /// below the ppid, as pids are handed out in order. As in the session's process tree.
    /// </summary>
    private static Task<ExecutionView?> ForkedFromAsync(AuditDbContext db, ExecutionRow child, CancellationToken ct)
    {
        if (child.Session is not { } ses || child.Ppid is not { } ppid) return Task.FromResult<ExecutionView?>(null);
        var low = ppid - SessionProcessTree.ForkGap;
        var lookback = child.OccurredAt - ExecutionQueries.ParentLookback;
        return ExecutionQueries.WithParent(db, db.Executions.AsNoTracking()
                .Where(e => e.Host == child.Host && e.Session == ses && e.Pid < ppid && e.Pid >= low && e.OccurredAt <= child.OccurredAt && e.OccurredAt >= lookback
                    && (e.RawId != child.RawId || e.Serial != child.Serial) && e.Exe != null && (e.Exe.EndsWith("/sudo") || e.Exe.EndsWith("/su")))
                .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Serial).Take(1))
            .FirstOrDefaultAsync(ct);
    }

    private static Task<ExecutionView?> OneAsync(AuditDbContext db, DateTimeOffset time, long rawId, long serial, CancellationToken ct) =>
        ExecutionQueries.WithParent(db, db.Executions.AsNoTracking().Where(e => e.OccurredAt == time && e.RawId == rawId && e.Serial == serial)).FirstOrDefaultAsync(ct);
}
