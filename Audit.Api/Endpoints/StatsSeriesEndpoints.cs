using Audit.Api.Queries;
using Audit.Api.Validation;
using Audit.Infrastructure.Ingest;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Audit.Api.Endpoints;

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

public sealed class StatsSeriesQueryValidator : AbstractValidator<StatsSeriesQuery>
{
    public StatsSeriesQueryValidator()
    {
        this.AddWindowRules(q => q.From, q => q.To, _ => null);
        RuleFor(q => q.Buckets).InclusiveBetween(1, 200).When(q => q.Buckets is not null).OverridePropertyName("buckets");
        RuleFor(q => q.Top).InclusiveBetween(1, 20).When(q => q.Top is not null).OverridePropertyName("top");
    }
}

/// <summary><c>GET /api/v1/stats/series</c>: the dashboard's charts.</summary>
public static class StatsSeriesEndpoints
{
    public static IEndpointRouteBuilder MapStatsSeriesEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapReadGroup("Stats").MapGet("/stats/series", SeriesAsync).WithName("StatsSeries")
            .WithSummary("Events by kind, failed logins by source IP, lines parsed and ingest lag — per time bucket over a window (default the last 24 h).")
            .AddEndpointFilter<ValidationFilter<StatsSeriesQuery>>()
            .Produces<StatsSeries>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    public static async Task<Results<Ok<StatsSeries>, ProblemHttpResult>> SeriesAsync([AsParameters] StatsSeriesQuery query, NpgsqlDataSource db, BacklogMonitor backlog, TimeProvider time, CancellationToken ct)
    {
        var (from, to) = QueryWindow.Resolve(query.From, query.To, time.GetUtcNow());
        if (QueryWindow.TooLong(from, to) is { } tooLong) return tooLong;
        var n = query.Buckets ?? 24;
        var step = Math.Max(1, (to - from).TotalSeconds / n);
        var host = string.IsNullOrEmpty(query.Host) ? null : query.Host;
        var hostFilter = host is null ? "" : " AND host = @host";
        var bucket = "least(floor(extract(epoch FROM occurred_at - @from) / @step)::int, @last)";

        var kinds = string.Join(" UNION ALL ", EventKind.All.Select(k =>
            $"SELECT '{k.Name}', {bucket}, count(*)::float8 FROM {k.Table} WHERE occurred_at >= @from AND occurred_at <= @to{hostFilter} GROUP BY 2"));
        var byKind = Spread(await RowsAsync(db, kinds, from, to, step, n, host, query.Top ?? 5, ct), n, EventKind.All.Select(k => k.Name));

        var failedSql = $"""
            WITH f AS (SELECT source_ip, occurred_at FROM logins WHERE outcome = 'failure' AND source_ip IS NOT NULL AND occurred_at >= @from AND occurred_at <= @to{hostFilter}),
                 top AS (SELECT source_ip FROM f GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT @top)
            SELECT source_ip, {bucket}, count(*)::float8 FROM f WHERE source_ip IN (SELECT source_ip FROM top) GROUP BY 1, 2
            """;
        var failed = Spread(await RowsAsync(db, failedSql, from, to, step, n, host, query.Top ?? 5, ct), n, null);

        // batch_parses knows no host: the ingest side is the whole service's.
        var ingestBucket = bucket.Replace("occurred_at", "parsed_at", StringComparison.Ordinal);
        // One scan of batch_parses for all three series, one row per series and bucket.
        var ingestSql = $"""
            SELECT v.name, g.b, v.value FROM (
                SELECT {ingestBucket} AS b, sum(lines)::float8 AS lines, percentile_cont(0.5) WITHIN GROUP (ORDER BY lag_ms) / 1000 AS p50, max(lag_ms)::float8 / 1000 AS mx
                FROM batch_parses WHERE parsed_at >= @from AND parsed_at <= @to GROUP BY 1) g
            CROSS JOIN LATERAL (VALUES ('lines', g.lines), ('p50', g.p50), ('max', g.mx)) AS v(name, value)
            """;
        var ingest = Spread(await RowsAsync(db, ingestSql, from, to, step, n, null, 0, ct), n, ["lines", "p50", "max"]);

        var buckets = Enumerable.Range(0, n).Select(i => from.AddSeconds(i * step)).ToList();
        return TypedResults.Ok(new StatsSeries(from, to, buckets, byKind, failed,
            ingest[0] with { Name = "lines parsed" }, ingest[1] with { Name = "median lag (s)" }, ingest[2] with { Name = "longest lag (s)" }, backlog.BacklogLines));
    }

    private static List<Series> Spread(List<(string Name, int Bucket, double Value)> rows, int n, IEnumerable<string>? names)
    {
        var order = names?.ToList() ?? rows.GroupBy(r => r.Name).OrderByDescending(g => g.Sum(r => r.Value)).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).ToList();
        return order.Select(name =>
        {
            var values = new double[n];
            foreach (var r in rows.Where(r => r.Name == name && r.Bucket >= 0 && r.Bucket < n)) values[r.Bucket] += r.Value;
            return new Series(name, values);
        }).ToList();
    }

    private static async Task<List<(string, int, double)>> RowsAsync(NpgsqlDataSource db, string sql, DateTimeOffset from, DateTimeOffset to, double step, int n, string? host, int top, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(sql);
        cmd.Parameters.AddWithValue("from", from.ToUniversalTime());
        cmd.Parameters.AddWithValue("to", to.ToUniversalTime());
        cmd.Parameters.AddWithValue("step", step);
        cmd.Parameters.AddWithValue("last", n - 1);
        cmd.Parameters.AddWithValue("top", top);
        if (host is not null) cmd.Parameters.AddWithValue("host", host);
        var list = new List<(string, int, double)>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) list.Add((r.GetString(0), r.GetInt32(1), r.IsDBNull(2) ? 0 : r.GetDouble(2)));
        return list;
    }
}
