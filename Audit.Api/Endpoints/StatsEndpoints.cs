using Audit.Api.Queries;
using Audit.Api.Validation;
using Audit.Infrastructure.Ingest;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Audit.Api.Endpoints;

/// <summary>Parameters of <c>GET /api/v1/stats/summary</c>.</summary>
/// <param name="Top">How many top users, hosts and source IPs (default 10, at most 100).</param>
public sealed record StatsQuery(string? Host, string? From, string? To, int? Top);

/// <summary>Counts over a time window: events by kind, busiest users and hosts, where failed logins come from.</summary>
/// <param name="FailedLoginsBySourceIp">Failed authentication attempts (one per wrong password or refused key, however many lines sshd wrote for it) by client address; connections closed before any attempt are not counted.</param>
public sealed record StatsSummary(
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyDictionary<string, long> CountsByKind,
    IReadOnlyList<NamedCount> TopUsers,
    IReadOnlyList<NamedCount> TopHosts,
    IReadOnlyList<NamedCount> FailedLoginsBySourceIp,
    long UnparsedLines) : ICountedResult
{
    int ICountedResult.RowCount => CountsByKind.Count + TopUsers.Count + TopHosts.Count + FailedLoginsBySourceIp.Count;
}

public sealed record NamedCount(string Name, long Count);

/// <summary>Parameters of <c>GET /api/v1/stats/series</c>.</summary>
/// <param name="Buckets">Into how many equal steps the window is cut (default 24, at most 200).</param>
/// <param name="Top">How many source IPs of failed logins get their own series (default 5, at most 20).</param>
public sealed record StatsSeriesQuery(string? Host, string? From, string? To, int? Buckets, int? Top);

/// <summary>One named series, one value per bucket.</summary>
public sealed record Series(string Name, IReadOnlyList<double> Values);

/// <summary>
/// Counts over time: events by kind, failed logins of the busiest source IPs, and the ingest side
/// (lines parsed, median and longest accept-to-queryable lag of the batches parsed in each bucket).
/// <c>buckets</c> are the start times; <c>backlogLines</c> is the parse backlog now.
/// </summary>
public sealed record StatsSeries(
    DateTimeOffset From, DateTimeOffset To, IReadOnlyList<DateTimeOffset> Buckets, IReadOnlyList<Series> EventsByKind,
    IReadOnlyList<Series> FailedLoginsBySourceIp, Series LinesParsed, Series LagMedianSeconds, Series LagMaxSeconds, long BacklogLines) : ICountedResult
{
    int ICountedResult.RowCount => Buckets.Count;
}

public sealed class StatsQueryValidator : AbstractValidator<StatsQuery>
{
    public StatsQueryValidator()
    {
        this.AddWindowRules(q => q.From, q => q.To);
        RuleFor(q => q.Top).InclusiveBetween(1, 100).When(q => q.Top is not null);
    }
}

public sealed class StatsSeriesQueryValidator : AbstractValidator<StatsSeriesQuery>
{
    public StatsSeriesQueryValidator()
    {
        this.AddWindowRules(q => q.From, q => q.To);
        RuleFor(q => q.Buckets).InclusiveBetween(1, 200).When(q => q.Buckets is not null);
        RuleFor(q => q.Top).InclusiveBetween(1, 20).When(q => q.Top is not null);
    }
}

/// <summary><c>GET /api/v1/stats/summary</c> and <c>/stats/series</c>: the dashboard's numbers and charts (SQL in <see cref="StatsQueries"/>).</summary>
public static class StatsEndpoints
{
    public static IEndpointRouteBuilder MapStatsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapReadGroup("Stats");
        group.MapGet("/stats/summary", SummaryAsync).WithName("StatsSummary")
            .WithSummary("Counts by kind, top users and hosts, failed login attempts by source IP (one per wrong password or key, not per line), unparsed lines — over a window (default the last 24 h).")
            .AddEndpointFilter<ValidationFilter<StatsQuery>>()
            .Produces<StatsSummary>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/stats/series", SeriesAsync).WithName("StatsSeries")
            .WithSummary("Events by kind, failed logins by source IP, lines parsed and ingest lag — per time bucket over a window (default the last 24 h).")
            .AddEndpointFilter<ValidationFilter<StatsSeriesQuery>>()
            .Produces<StatsSeries>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    public static async Task<Results<Ok<StatsSummary>, ProblemHttpResult>> SummaryAsync([AsParameters] StatsQuery query, QueryStore store, TimeProvider time, CancellationToken ct)
    {
        var (from, to) = QueryWindow.Resolve(query.From, query.To, time.GetUtcNow());
        if (QueryWindow.TooLong(from, to) is { } tooLong) return tooLong;
        return TypedResults.Ok(await StatsQueries.SummaryAsync(store.DataSource, from, to, string.IsNullOrEmpty(query.Host) ? null : query.Host, query.Top ?? 10, ct));
    }

    public static async Task<Results<Ok<StatsSeries>, ProblemHttpResult>> SeriesAsync(
        [AsParameters] StatsSeriesQuery query, QueryStore store, BacklogMonitor backlog, TimeProvider time, CancellationToken ct)
    {
        var (from, to) = QueryWindow.Resolve(query.From, query.To, time.GetUtcNow());
        if (QueryWindow.TooLong(from, to) is { } tooLong) return tooLong;
        var host = string.IsNullOrEmpty(query.Host) ? null : query.Host;
        return TypedResults.Ok(await StatsQueries.SeriesAsync(store.DataSource, from, to, host, query.Buckets ?? 24, query.Top ?? 5, backlog.BacklogLines, ct));
    }
}
