using Audit.Api.Validation;
using Audit.Infrastructure.Database;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Audit.Api.Queries;

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

public sealed class ShellArtefactQueryValidator : ListQueryValidator<ShellArtefactQuery>
{
    public ShellArtefactQueryValidator()
    {
        RuleFor(q => q.Host).MaximumLength(255).OverridePropertyName("host");
        RuleFor(q => q.User).MaximumLength(255).OverridePropertyName("user");
        RuleFor(q => q.Reason).MaximumLength(200).OverridePropertyName("reason");
    }
}

public static class ShellArtefactQueries
{
    public static readonly string[] Columns = ["time", "host", "user", "runAs", "command", "shellPid", "historyNumber", "shell", "source", "reason", "rawId"];

    public static IQueryable<ShellArtefactRow> Filter(AuditDbContext db, ShellArtefactQuery q, DateTimeOffset from, DateTimeOffset to)
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

    public static ShellArtefactItem ToItem(ShellArtefactRow c) =>
        new(c.OccurredAt, c.Host, c.LoginUser, c.RunAs, c.Command, c.ShellPid, c.HistoryNo, c.Shell, c.Source, c.Reason, c.RawId);

    public static object?[] Values(ShellArtefactItem c) => [c.Time, c.Host, c.User, c.RunAs, c.Command, c.ShellPid, c.HistoryNumber, c.Shell, c.Source, c.Reason, c.RawId];
}
