using System.Text.Json;
using Audit.Api.Queries;
using Audit.Api.Validation;
using Audit.Infrastructure.Database;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Audit.Api.Endpoints;

/// <summary>Filters of <c>GET /api/v1/audit-events</c>.</summary>
/// <param name="User">The person: the login user (auid).</param>
/// <param name="Type">The record type that says what happened (SYSCALL, USER_LOGIN, USER_CMD, ADD_USER …).</param>
/// <param name="Key">Audit rule key.</param>
/// <param name="Session">auditd login session (ses).</param>
public sealed record AuditEventQuery(string? Host, string? User, string? From, string? To, int? Limit, string? Cursor, string? Type, string? Key, long? Session) : IListQuery
{
    public string Signature => $"audit-events|{Host}|{User}|{From}|{To}|{Type}|{Key}|{Session}";
}

/// <summary>
/// An assembled auditd event (all records sharing one <c>audit(time:serial)</c>). <c>fields</c> holds
/// every decoded field; <c>paths</c> the PATH records.
/// </summary>
public sealed record AuditEventItem(
    DateTimeOffset Time, string Host, long Serial, string EventId, string Type, IReadOnlyList<string> RecordTypes, string? Syscall, bool? Success,
    long? Exit, string? ExitErrno, string? LoginUser, string? User, string? EffectiveUser, long? Session, int? Pid, int? Ppid, string? Comm, string? Exe,
    string? Key, string? Tty, string? Cwd, IReadOnlyList<string>? Argv, JsonElement? Paths, string? Account, string? Address, string? Terminal,
    string? Result, string? Command, JsonElement Fields, long RawId);

public sealed class AuditEventQueryValidator : ListQueryValidator<AuditEventQuery>
{
    public AuditEventQueryValidator() => RuleFor(q => q.Type).Matches("^[A-Z0-9_\\[\\]]+$").When(q => q.Type is not null)
        .WithMessage("'type' is an audit record type such as SYSCALL, USER_LOGIN or USER_CMD.");
}

/// <summary><c>GET /api/v1/audit-events</c>: every assembled auditd event.</summary>
public static class AuditEventEndpoints
{
    public static readonly ListSource<AuditEventQuery, AuditEventRow, AuditEventItem> AuditEvents = new(Filter, ToItem);

    public static IEndpointRouteBuilder MapAuditEventEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapReadGroup("auditd");
        group.MapList("/audit-events", AuditEvents).WithName("ListAuditEvents")
            .WithSummary("Every assembled auditd event, syscall or user-space, with its decoded fields.");
        return app;
    }

    public static IQueryable<AuditEventRow> Filter(AuditDbContext db, AuditEventQuery q, DateTimeOffset from, DateTimeOffset to)
    {
        var rows = db.AuditEvents.Where(e => e.OccurredAt >= from && e.OccurredAt <= to);
        if (!string.IsNullOrEmpty(q.Host)) rows = rows.Where(e => e.Host == q.Host);
        if (!string.IsNullOrEmpty(q.User)) rows = rows.Where(e => e.LoginUser == q.User);
        if (!string.IsNullOrEmpty(q.Type)) rows = rows.Where(e => e.Type == q.Type);
        if (!string.IsNullOrEmpty(q.Key)) rows = rows.Where(e => e.Key == q.Key);
        if (q.Session is { } ses) rows = rows.Where(e => e.Session == ses);
        return rows;
    }

    public static AuditEventItem ToItem(AuditEventRow e) =>
        new(e.OccurredAt, e.Host, e.Serial, e.EventId, e.Type, e.RecordTypes, e.Syscall, e.Success, e.Exit, e.ExitErrno, e.LoginUser, e.UserName, e.EffectiveUser,
            e.Session, e.Pid, e.Ppid, e.Comm, e.Exe, e.Key, e.Tty, e.Cwd, e.Argv, e.Paths?.RootElement.Clone(), e.Acct, e.Addr, e.Terminal, e.Result, e.Command,
            e.Fields.RootElement.Clone(), e.RawId);
}
