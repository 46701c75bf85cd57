using System.Globalization;
using Audit.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Audit.Api.Queries;

/// <summary>
/// Executions with their parent execution: on the same host, the latest exec of the process id that
/// is the child's ppid, at or before the child and at most <see cref="ParentLookback"/> earlier (a
/// process exec'd longer ago, a daemon, is where ancestry stops). Found per row through
/// <c>executions_host_pid_time</c> when asked, so a parent that arrives after its child still counts.
/// </summary>
public static class ExecutionQueries
{
    public static readonly TimeSpan ParentLookback = TimeSpan.FromDays(7);

    public static readonly string[] Columns =
        ["time", "host", "loginUser", "user", "effectiveUser", "session", "pid", "ppid", "exe", "argv", "cwd", "tty", "key", "success", "auid", "uid", "euid",
         "id", "parentId", "parentExe", "parentCommandLine", "rawId"];

    public static IQueryable<ExecutionView> Filter(AuditDbContext db, ExecutionQuery q, DateTimeOffset from, DateTimeOffset to)
    {
        var rows = db.Executions.Where(e => e.OccurredAt >= from && e.OccurredAt <= to);
        if (!string.IsNullOrEmpty(q.Host)) rows = rows.Where(e => e.Host == q.Host);
        if (!string.IsNullOrEmpty(q.User)) rows = rows.Where(e => e.LoginUser == q.User);
        if (!string.IsNullOrEmpty(q.Exe)) rows = rows.Where(e => e.Exe == q.Exe);
        if (!string.IsNullOrEmpty(q.Key)) rows = rows.Where(e => e.Key == q.Key);
        if (q.Session is { } ses) rows = rows.Where(e => e.Session == ses);
        if (!string.IsNullOrEmpty(q.Contains))
        {
            var pattern = LikePattern.Contains(q.Contains);
            rows = rows.Where(e => EF.Functions.ILike(e.CommandLine, EF.Constant(pattern), "\\"));
        }

        return WithParent(db, rows);
    }

    public static IQueryable<ExecutionView> WithParent(AuditDbContext db, IQueryable<ExecutionRow> rows) =>
        rows.Select(e => new ExecutionView
        {
            OccurredAt = e.OccurredAt,
            RawId = e.RawId,
            Host = e.Host,
            Row = e,
            Parent = e.Ppid == null ? null : db.Executions
                .Where(p => p.Host == e.Host && p.Pid == e.Ppid && p.OccurredAt <= e.OccurredAt && p.OccurredAt >= e.OccurredAt - ParentLookback
                    && (p.RawId != e.RawId || p.Serial != e.Serial))
                .OrderByDescending(p => p.OccurredAt).ThenByDescending(p => p.Serial)
                .Select(p => new ExecutionParent { OccurredAt = p.OccurredAt, RawId = p.RawId, Serial = p.Serial, Exe = p.Exe, CommandLine = p.CommandLine })
                .FirstOrDefault(),
        });

    public static ExecutionItem ToItem(ExecutionView v)
    {
        var e = v.Row;
        var p = v.Parent;
        return new(e.OccurredAt, e.Host, e.LoginUser, e.UserName, e.EffectiveUser, e.Session, e.Pid, e.Ppid, e.Exe, e.Argv ?? [], e.Cwd, e.Tty, e.Key, e.Success,
            e.Auid, e.Uid, e.Euid, FormatId(e.OccurredAt, e.RawId, e.Serial), p is null ? null : FormatId(p.OccurredAt, p.RawId, p.Serial), p?.Exe, p?.CommandLine, e.RawId);
    }

    public static object?[] Values(ExecutionItem e) =>
        [e.Time, e.Host, e.LoginUser, e.User, e.EffectiveUser, e.Session, e.Pid, e.Ppid, e.Exe, e.Argv, e.Cwd, e.Tty, e.Key, e.Success, e.Auid, e.Uid, e.Euid,
         e.Id, e.ParentId, e.ParentExe, e.ParentCommandLine, e.RawId];

    /// <summary>An execution's id: its time, raw line and serial (<c>ticks-rawId-serial</c>); the time takes the lookup to one day partition.</summary>
    public static string FormatId(DateTimeOffset time, long rawId, long serial) =>
        string.Create(CultureInfo.InvariantCulture, $"{time.UtcTicks}-{rawId}-{serial}");

    public static bool TryParseId(string? text, out DateTimeOffset time, out long rawId, out long serial)
    {
        time = default;
        rawId = serial = 0;
        var parts = text is { Length: <= 64 } ? text.Split('-') : [];
        if (parts.Length != 3
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out rawId)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out serial)
            || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        time = new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;
    }
}

/// <summary>An execution row with its parent execution, when one is known.</summary>
public sealed class ExecutionView : IEventRow
{
    public DateTimeOffset OccurredAt { get; init; }

    public long RawId { get; init; }

    public string Host { get; init; } = "";

    public ExecutionRow Row { get; init; } = null!;

    public ExecutionParent? Parent { get; init; }
}

/// <summary>What a listed execution shows of its parent.</summary>
public sealed class ExecutionParent
{
    public DateTimeOffset OccurredAt { get; init; }

    public long RawId { get; init; }

    public long Serial { get; init; }

    public string? Exe { get; init; }

    public string CommandLine { get; init; } = "";
}
