using Audit.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Audit.Api.Queries;

/// <summary>
/// Where an execution came from, nearest first: its parent execution, that one's parent, … until no
/// exec of the ppid is known (at most <c>depth</c> steps). There, a process of a login session is tied
/// to the login by auditd's ses: the LOGIN record (which names the sshd process that set the login
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
        while (current.Parent is { } p && ancestors.Count < depth && seen.Add((p.OccurredAt, p.RawId, p.Serial)))
        {
            var next = await OneAsync(db, p.OccurredAt, p.RawId, p.Serial, ct);
            if (next is null) break;
            ancestors.Add(ExecutionQueries.ToItem(next));
            current = next;
        }

        var truncated = current.Parent is not null && ancestors.Count >= depth;
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

    private static Task<ExecutionView?> OneAsync(AuditDbContext db, DateTimeOffset time, long rawId, long serial, CancellationToken ct) =>
        ExecutionQueries.WithParent(db, db.Executions.AsNoTracking().Where(e => e.OccurredAt == time && e.RawId == rawId && e.Serial == serial)).FirstOrDefaultAsync(ct);
}
