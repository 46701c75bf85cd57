using System.Text.Json;
using Audit.Api.Queries;
using Audit.Api.Validation;
using Audit.Infrastructure.Database;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Audit.Api.Endpoints;

/// <summary>Filters of <c>GET /api/v1/app-events</c>.</summary>
/// <param name="User">Same as actor.</param>
/// <param name="Resource">Case-insensitive substring of the resource.</param>
public sealed record AppEventQuery(string? Host, string? User, string? From, string? To, int? Limit, string? Cursor, string? Actor, string? Action, string? Resource) : IListQuery
{
    public string Signature => $"app-events|{Host}|{User}|{From}|{To}|{Actor}|{Action}|{Resource}";
}

/// <summary>A platform audit event.</summary>
public sealed record AppEventItem(
    DateTimeOffset Time, string Host, string Actor, string Action, string? Resource, string? Outcome, string? SourceIp, string? Service,
    JsonElement? Before, JsonElement? After, JsonElement? Extra, long RawId);

public sealed class AppEventQueryValidator : ListQueryValidator<AppEventQuery>
{
    public AppEventQueryValidator() => RuleFor(q => q.Resource).MaximumLength(1000);
}

/// <summary>
/// The query side of <c>GET /api/v1/app-events</c>; <c>Ingest/AppEventEndpoints</c> maps the route
/// beside the ingest of app events.
/// </summary>
public static class AppEventQueries
{
    public static readonly ListSource<AppEventQuery, AppEventRow, AppEventItem> AppEvents = new(Filter, ToItem);

    public static IQueryable<AppEventRow> Filter(AuditDbContext db, AppEventQuery q, DateTimeOffset from, DateTimeOffset to)
    {
        var rows = db.AppEvents.Where(a => a.OccurredAt >= from && a.OccurredAt <= to);
        if (!string.IsNullOrEmpty(q.Host)) rows = rows.Where(a => a.Host == q.Host);
        var actor = q.Actor ?? q.User;
        if (!string.IsNullOrEmpty(actor)) rows = rows.Where(a => a.Actor == actor);
        if (!string.IsNullOrEmpty(q.Action)) rows = rows.Where(a => a.Action == q.Action);
        if (!string.IsNullOrEmpty(q.Resource))
        {
            var pattern = LikePattern.Contains(q.Resource);
            rows = rows.Where(a => a.Resource != null && EF.Functions.ILike(a.Resource, EF.Constant(pattern), "\\"));
        }

        return rows;
    }

    public static AppEventItem ToItem(AppEventRow a) =>
        new(a.OccurredAt, a.Host, a.Actor, a.Action, a.Resource, a.Outcome, a.SourceIp, a.Service, a.Before?.RootElement.Clone(), a.After?.RootElement.Clone(), a.Extra?.RootElement.Clone(), a.RawId);
}
