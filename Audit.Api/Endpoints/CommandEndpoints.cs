using Audit.Api.Queries;
using Audit.Api.Validation;
using Audit.Infrastructure.Database;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Audit.Api.Endpoints;

/// <summary>Filters of <c>GET /api/v1/commands</c>.</summary>
/// <param name="Host">Exact host name.</param>
/// <param name="User">The person: logger's login name, which stays the same in a root shell after sudo.</param>
/// <param name="From">ISO 8601 start (default: 24 hours before <paramref name="To"/>).</param>
/// <param name="To">ISO 8601 end, inclusive (default: now).</param>
/// <param name="Limit">Page size, 1–1000 (default 100).</param>
/// <param name="Cursor">The <c>nextCursor</c> of the previous page.</param>
/// <param name="Contains">Case-insensitive substring of the command.</param>
/// <param name="ExitCode">Exact exit status.</param>
public sealed record CommandQuery(string? Host, string? User, string? From, string? To, int? Limit, string? Cursor, string? Contains, int? ExitCode) : IListQuery
{
    /// <summary>The filters a cursor is bound to (everything but the cursor and the page size).</summary>
    public string Signature => $"commands|{Host}|{User}|{From}|{To}|{Contains}|{ExitCode}";
}

/// <summary>A typed shell command.</summary>
/// <param name="Time">When the prompt logged it (after the command finished).</param>
/// <param name="User">The person (login name).</param>
/// <param name="Host">Where the command ran: the syslog header's host (host= matches this).</param>
/// <param name="RelayHost">The shipper's host where it differs from <paramref name="Host"/> (a relay that forwarded the line).</param>
/// <param name="RunAs">Who the shell ran as (<c>whoami</c>), e.g. root after <c>sudo -i</c>.</param>
public sealed record CommandItem(
    DateTimeOffset Time,
    string Host,
    string User,
    string RunAs,
    string Command,
    int? ExitCode,
    int? ShellPid,
    int? HistoryNumber,
    string Shell,
    string Source,
    long RawId,
    string? RelayHost = null);

/// <summary>Filters of <c>GET /api/v1/commands/artefacts</c>.</summary>
/// <param name="Host">Exact host name.</param>
/// <param name="User">The person (logger's login name).</param>
/// <param name="From">ISO 8601 start (default: 24 hours before <paramref name="To"/>).</param>
/// <param name="To">ISO 8601 end, inclusive (default: now).</param>
/// <param name="Limit">Page size, 1–1000 (default 100).</param>
/// <param name="Cursor">The <c>nextCursor</c> of the previous page.</param>
/// <param name="Reason">Case-insensitive substring of the reason, e.g. <c>auditd exec</c>, <c>session of</c>, <c>repeated</c>.</param>
public sealed record ShellArtefactQuery(string? Host, string? User, string? From, string? To, int? Limit, string? Cursor, string? Reason) : IListQuery
{
    public string Signature => $"artefacts|{Host}|{User}|{From}|{To}|{Reason}";
}

/// <summary>A prompt line nobody typed.</summary>
/// <param name="Command">What the line repeated (the last saved history entry, the previous command), or empty.</param>
/// <param name="Reason">Why it is an artefact, with the evidence: e.g. <c>first prompt of a new shell (auditd exec of /usr/bin/bash)</c>.</param>
public sealed record ShellArtefactItem(
    DateTimeOffset Time, string Host, string User, string RunAs, string Command, int? ShellPid, int? HistoryNumber, string Shell, string Source, string Reason, long RawId);

public sealed class CommandQueryValidator : ListQueryValidator<CommandQuery>
{
    public CommandQueryValidator()
    {
        RuleFor(q => q.Contains).MaximumLength(1000);
        RuleFor(q => q.Host).MaximumLength(255);
        RuleFor(q => q.User).MaximumLength(255);
    }
}

public sealed class ShellArtefactQueryValidator : ListQueryValidator<ShellArtefactQuery>
{
    public ShellArtefactQueryValidator()
    {
        RuleFor(q => q.Host).MaximumLength(255);
        RuleFor(q => q.User).MaximumLength(255);
        RuleFor(q => q.Reason).MaximumLength(200);
    }
}

/// <summary>
/// <c>GET /api/v1/commands</c>: typed shell commands; <c>/commands/artefacts</c>: prompt lines nobody typed.
/// Both time-bounded (so partitions prune); ordering, paging and export are the list runner's.
/// </summary>
public static class CommandEndpoints
{
    public static readonly ListSource<CommandQuery, CommandRow, CommandItem> Commands = new(Filter, ToItem);

    public static readonly ListSource<ShellArtefactQuery, ShellArtefactRow, ShellArtefactItem> Artefacts = new(FilterArtefacts, ToArtefactItem);

    public static IEndpointRouteBuilder MapCommandEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapReadGroup("Commands");
        group.MapList("/commands", Commands)
            .WithName("ListCommands")
            .WithSummary("Typed shell commands (bash, IPython), newest first.")
            .WithDescription("user= is the person (logger's login name), so alice's commands in a root shell after sudo -i are found with user=alice. Keyset-paged: pass nextCursor back as cursor. Accept: text/csv or application/x-ndjson streams every match instead of a page.");
        group.MapList("/commands/artefacts", Artefacts)
            .WithName("ListShellArtefacts")
            .WithSummary("Prompt lines nobody typed (a new shell's first prompt, a prompt after an empty Enter), newest first, with the reason.")
            .WithDescription("PROMPT_COMMAND runs before the first prompt too: a new shell's first line repeats the last saved history entry (or is empty). Such lines never appear in /commands, /sessions or the timeline; they are listed here. reason= filters by substring (e.g. 'auditd exec', 'first prompt', 'repeated').");
        return app;
    }

    public static IQueryable<CommandRow> Filter(AuditDbContext db, CommandQuery q, DateTimeOffset from, DateTimeOffset to)
    {
        var rows = db.Commands.Where(c => c.OccurredAt >= from && c.OccurredAt <= to);
        if (!string.IsNullOrEmpty(q.Host)) rows = rows.Where(c => c.Host == q.Host);
        if (!string.IsNullOrEmpty(q.User)) rows = rows.Where(c => c.LoginUser == q.User);
        if (!string.IsNullOrEmpty(q.Contains))
        {
            var pattern = LikePattern.Contains(q.Contains);
            rows = rows.Where(c => EF.Functions.ILike(c.Command, EF.Constant(pattern), "\\"));
        }

        if (q.ExitCode is { } exit) rows = rows.Where(c => c.ExitCode == exit);
        return rows;
    }

    public static CommandItem ToItem(CommandRow c) =>
        new(c.OccurredAt, c.Host, c.LoginUser, c.RunAs, c.Command, c.ExitCode, c.ShellPid, c.HistoryNo, c.Shell, c.Source, c.RawId, c.RelayHost);

    public static IQueryable<ShellArtefactRow> FilterArtefacts(AuditDbContext db, ShellArtefactQuery q, DateTimeOffset from, DateTimeOffset to)
    {
        var rows = db.ShellArtefacts.Where(c => c.OccurredAt >= from && c.OccurredAt <= to);
        if (!string.IsNullOrEmpty(q.Host)) rows = rows.Where(c => c.Host == q.Host);
        if (!string.IsNullOrEmpty(q.User)) rows = rows.Where(c => c.LoginUser == q.User);
        if (!string.IsNullOrEmpty(q.Reason))
        {
            var pattern = LikePattern.Contains(q.Reason);
            rows = rows.Where(c => EF.Functions.ILike(c.Reason, EF.Constant(pattern), "\\"));
        }

        return rows;
    }

    public static ShellArtefactItem ToArtefactItem(ShellArtefactRow c) =>
        new(c.OccurredAt, c.Host, c.LoginUser, c.RunAs, c.Command, c.ShellPid, c.HistoryNo, c.Shell, c.Source, c.Reason, c.RawId);
}
