using System.Globalization;
using Audit.Api.Queries;
using Audit.Api.Validation;
using Audit.Infrastructure.Database;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Audit.Api.Endpoints;

/// <summary>Filters of <c>GET /api/v1/executions</c>.</summary>
/// <param name="User">The person: auditd's login user (auid), which survives sudo and su.</param>
/// <param name="Exe">Exact executable path, e.g. /usr/bin/passwd.</param>
/// <param name="Key">Audit rule key.</param>
/// <param name="Session">auditd login session (ses).</param>
/// <param name="Contains">Case-insensitive substring of the command line (argv joined by spaces).</param>
public sealed record ExecutionQuery(string? Host, string? User, string? From, string? To, int? Limit, string? Cursor, string? Exe, string? Key, long? Session, string? Contains) : IListQuery
{
    public string Signature => $"executions|{Host}|{User}|{From}|{To}|{Exe}|{Key}|{Session}|{Contains}";
}

/// <summary>
/// A program execution seen by auditd. <c>loginUser</c> (auid) is the person, also when the process
/// ran as root after sudo; <c>user</c> is the uid it ran as, <c>effectiveUser</c> the euid. <c>id</c>
/// is what <c>/executions/{id}/ancestry</c> takes; <c>parentId</c>, <c>parentExe</c> and
/// <c>parentCommandLine</c> name the execution that started the parent process (ppid), null when
/// auditd did not see it (a process that forked without exec, such as sshd's session process).
/// </summary>
public sealed record ExecutionItem(
    DateTimeOffset Time, string Host, string? LoginUser, string? User, string? EffectiveUser, long? Session, int? Pid, int? Ppid,
    string? Exe, IReadOnlyList<string> Argv, string? Cwd, string? Tty, string? Key, bool? Success, long? Auid, long? Uid, long? Euid,
    string Id, string? ParentId, string? ParentExe, string? ParentCommandLine, long RawId);

public sealed class ExecutionQueryValidator : ListQueryValidator<ExecutionQuery>
{
    public ExecutionQueryValidator() => RuleFor(q => q.Contains).MaximumLength(1000);
}

/// <summary><c>/api/v1/executions</c> and <c>/executions/{id}/ancestry</c>: the programs auditd saw run.</summary>
public static class ExecutionEndpoints
{
    public static readonly ListSource<ExecutionQuery, ExecutionRow, ExecutionItem> Executions =
        new(ExecutionQueries.Filter, (store, rows, ct) => ExecutionQueries.WithParentsAsync(store.DataSource, rows, ct));

    public static IEndpointRouteBuilder MapExecutionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapReadGroup("auditd");
        group.MapList("/executions", Executions).WithName("ListExecutions")
            .WithSummary("Program executions (execve), with the login user behind them — also what ran as root after sudo.");
        group.MapGet("/executions/{id}/ancestry", GetAncestryAsync).WithName("GetExecutionAncestry")
            .WithSummary("Where an execution came from: its parent executions up to the login's shell, then the login and its sshd process.")
            .Produces<ExecutionAncestry>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    /// <param name="id">The execution's id from /executions.</param>
    /// <param name="depth">Most parent steps to walk (default 32, at most 256).</param>
    public static async Task<Results<Ok<ExecutionAncestry>, ProblemHttpResult>> GetAncestryAsync(string id, int? depth, QueryStore store, CancellationToken ct)
    {
        if (depth is < 1 or > ExecutionAncestryQueries.MaxDepth)
        {
            return TypedResults.Problem(detail: $"'depth' must be between 1 and {ExecutionAncestryQueries.MaxDepth}.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (!ExecutionQueries.TryParseId(id, out var time, out var rawId, out var serial)) return TypedResults.Problem(detail: "Not an execution id.", statusCode: StatusCodes.Status400BadRequest);
        var ancestry = await ExecutionAncestryQueries.LoadAsync(store.Db, time, rawId, serial, depth ?? ExecutionAncestryQueries.DefaultDepth, ct);
        return ancestry is null ? TypedResults.Problem(detail: $"No execution {id}.", statusCode: StatusCodes.Status404NotFound) : TypedResults.Ok(ancestry);
    }
}

/// <summary>
/// Executions with their parent execution: on the same host, the latest exec of the process id that
/// is the child's ppid, at or before the child and at most <see cref="ParentLookback"/> earlier (a
/// process exec'd longer ago, a daemon, is where ancestry stops). Found per row through
/// <c>executions_host_pid_time</c> when asked, so a parent that arrives after its child still counts.
/// </summary>
public static class ExecutionQueries
{
    public static readonly TimeSpan ParentLookback = TimeSpan.FromDays(7);

    public static IQueryable<ExecutionRow> Filter(AuditDbContext db, ExecutionQuery q, DateTimeOffset from, DateTimeOffset to)
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

        return rows;
    }

    /// <summary>
    /// The parents of a page of executions in one round trip (on a connection of its own, so an export
    /// can look up while its rows still stream). Done after the page's limit: as part of the list query
    /// PostgreSQL's generic plan probed the parent of every match in the window before sorting.
    /// </summary>
    public static async Task<IReadOnlyList<ExecutionItem>> WithParentsAsync(NpgsqlDataSource db, IReadOnlyList<ExecutionRow> rows, CancellationToken ct)
    {
        var parents = new ExecutionParent?[rows.Count];
        var asks = Enumerable.Range(0, rows.Count).Where(i => rows[i].Ppid is not null).ToArray();
        if (asks.Length > 0)
        {
            await using var cmd = db.CreateCommand("""
                SELECT k.i, p.occurred_at, p.raw_id, p.serial, p.exe, p.command_line
                FROM unnest(@i::int[], @hosts::text[], @ppids::int[], @times::timestamptz[], @raws::bigint[], @serials::bigint[]) AS k(i, host, ppid, t, raw_id, serial)
                CROSS JOIN LATERAL (
                    SELECT p.occurred_at, p.raw_id, p.serial, p.exe, p.command_line FROM executions p
                    WHERE p.host = k.host AND p.pid = k.ppid AND p.occurred_at <= k.t AND p.occurred_at >= k.t - @lookback
                      AND (p.raw_id <> k.raw_id OR p.serial <> k.serial)
                    ORDER BY p.occurred_at DESC, p.serial DESC LIMIT 1) p
                """);
            cmd.Parameters.AddWithValue("i", asks);
            cmd.Parameters.AddWithValue("hosts", asks.Select(i => rows[i].Host).ToArray());
            cmd.Parameters.AddWithValue("ppids", asks.Select(i => rows[i].Ppid!.Value).ToArray());
            cmd.Parameters.AddWithValue("times", asks.Select(i => rows[i].OccurredAt.ToUniversalTime()).ToArray());
            cmd.Parameters.AddWithValue("raws", asks.Select(i => rows[i].RawId).ToArray());
            cmd.Parameters.AddWithValue("serials", asks.Select(i => rows[i].Serial).ToArray());
            cmd.Parameters.AddWithValue("lookback", ParentLookback);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                parents[r.GetInt32(0)] = new ExecutionParent
                {
                    OccurredAt = r.GetFieldValue<DateTimeOffset>(1), RawId = r.GetInt64(2), Serial = r.GetInt64(3),
                    Exe = r.IsDBNull(4) ? null : r.GetString(4), CommandLine = r.IsDBNull(5) ? "" : r.GetString(5),
                };
            }
        }

        return [.. rows.Select((e, i) => ToItem(new ExecutionView { OccurredAt = e.OccurredAt, RawId = e.RawId, Host = e.Host, Row = e, Parent = parents[i] }))];
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
