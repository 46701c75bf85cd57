using Audit.Api.Queries;
using Audit.Api.Validation;
using Audit.Infrastructure.Database;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Audit.Api.Endpoints;

/// <summary>Filters of <c>GET /api/v1/unparsed</c> (times are receive times).</summary>
/// <param name="Source">Exact source path.</param>
/// <param name="Reason">Case-insensitive substring of the reason.</param>
public sealed record UnparsedQuery(string? Host, string? From, string? To, int? Limit, string? Cursor, string? Source, string? Reason) : IListQuery
{
    public string Signature => $"unparsed|{Host}|{From}|{To}|{Source}|{Reason}";
}

/// <summary>
/// A kept line no parser took. <c>line</c> is the stored text (NUL and invalid UTF-8 as \xNN);
/// <c>lineBytes</c> holds the exact bytes, base64, when they differ from the text.
/// </summary>
public sealed record UnparsedItem(DateTimeOffset ReceivedAt, string Host, string Source, string Reason, string Line, string? LineBytes, long RawId);

public sealed class UnparsedQueryValidator : ListQueryValidator<UnparsedQuery>
{
    public UnparsedQueryValidator() => RuleFor(q => q.Reason).MaximumLength(1000);
}

/// <summary><c>GET /api/v1/unparsed</c>: kept lines no parser took, with the reason.</summary>
public static class UnparsedEndpoints
{
    public static readonly ListSource<UnparsedQuery, UnparsedView, UnparsedItem> Unparsed = new(Filter, ToItem);

    public static IEndpointRouteBuilder MapUnparsedEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapReadGroup("Unparsed");
        group.MapList("/unparsed", Unparsed).WithName("ListUnparsed")
            .WithSummary("Lines kept but not understood, with the reason; from/to are receive times.");
        return app;
    }

    public static IQueryable<UnparsedView> Filter(AuditDbContext db, UnparsedQuery q, DateTimeOffset from, DateTimeOffset to)
    {
        // Both tables are partitioned by receive day: bounding that day prunes both sides of the join.
        var fromDay = DateOnly.FromDateTime(from.UtcDateTime);
        var toDay = DateOnly.FromDateTime(to.UtcDateTime);
        var rows = db.Unparsed.Where(u => u.ReceivedOn >= fromDay && u.ReceivedOn <= toDay && u.ReceivedAt >= from && u.ReceivedAt <= to);
        if (!string.IsNullOrEmpty(q.Host)) rows = rows.Where(u => u.Host == q.Host);
        if (!string.IsNullOrEmpty(q.Source)) rows = rows.Where(u => u.Source == q.Source);
        if (!string.IsNullOrEmpty(q.Reason))
        {
            var pattern = LikePattern.Contains(q.Reason);
            rows = rows.Where(u => EF.Functions.ILike(u.Reason, EF.Constant(pattern), "\\"));
        }

        return rows.Join(db.RawLines.Where(r => r.ReceivedOn >= fromDay && r.ReceivedOn <= toDay), u => new { u.ReceivedOn, Id = u.RawId }, r => new { r.ReceivedOn, r.Id },
            (u, r) => new UnparsedView { OccurredAt = u.ReceivedAt, RawId = u.RawId, Host = u.Host, Source = u.Source, Reason = u.Reason, Line = r.Line, LineBytes = r.LineBytes });
    }

    public static UnparsedItem ToItem(UnparsedView u) =>
        new(u.OccurredAt, u.Host, u.Source, u.Reason, u.Line, u.LineBytes is null ? null : Convert.ToBase64String(u.LineBytes), u.RawId);
}

/// <summary>An unparsed line joined with its raw text; keyed by receive time.</summary>
public sealed class UnparsedView : IEventRow
{
    public DateTimeOffset OccurredAt { get; init; }

    public long RawId { get; init; }

    public string Host { get; init; } = "";

    public string Source { get; init; } = "";

    public string Reason { get; init; } = "";

    public string Line { get; init; } = "";

    public byte[]? LineBytes { get; init; }
}
