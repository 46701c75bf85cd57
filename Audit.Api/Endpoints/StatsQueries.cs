using System.Text;
using Audit.Api.Queries;
using Npgsql;

namespace Audit.Api.Endpoints;

/// <summary>
/// The SQL of <c>/stats/summary</c> and <c>/stats/series</c>: one time-bounded aggregate per question,
/// so every table prunes to the window.
/// </summary>
public static class StatsQueries
{
    public static async Task<StatsSummary> SummaryAsync(NpgsqlDataSource db, DateTimeOffset from, DateTimeOffset to, string? host, int top, CancellationToken ct)
    {
        var hostFilter = host is null ? "" : " AND host = @host";
        var counts = new Dictionary<string, long>();
        var countSql = new StringBuilder();
        foreach (var k in EventKind.All)
        {
            if (countSql.Length > 0) countSql.Append(" UNION ALL ");
            countSql.Append($"SELECT '{k.Name}', count(*) FROM {k.Table} WHERE occurred_at >= @from AND occurred_at <= @to{hostFilter}");
        }

        await foreach (var (name, n) in Pairs(db, countSql.ToString(), from, to, host, top, ct)) counts[name] = n;

        var users = await Pairs(db, $"""
            SELECT u, sum(n)::bigint FROM (
              SELECT login_user AS u, count(*) AS n FROM commands WHERE occurred_at >= @from AND occurred_at <= @to{hostFilter} GROUP BY 1
              UNION ALL SELECT user_name, count(*) FROM logins WHERE outcome = 'success' AND occurred_at >= @from AND occurred_at <= @to{hostFilter} GROUP BY 1
              UNION ALL SELECT coalesce(login_user, user_name), count(*) FROM sudo_events WHERE occurred_at >= @from AND occurred_at <= @to{hostFilter} GROUP BY 1
              UNION ALL SELECT actor, count(*) FROM app_events WHERE occurred_at >= @from AND occurred_at <= @to{hostFilter} GROUP BY 1
            ) x WHERE u IS NOT NULL GROUP BY u ORDER BY 2 DESC, 1 LIMIT @top
            """, from, to, host, top, ct).ToListAsync(ct);

        var hostUnion = string.Join(" UNION ALL ", EventKind.All.Select(k => $"SELECT host, count(*) AS n FROM {k.Table} WHERE occurred_at >= @from AND occurred_at <= @to{hostFilter} GROUP BY 1"));
        var hosts = await Pairs(db, $"SELECT host, sum(n)::bigint FROM ({hostUnion}) x GROUP BY host ORDER BY 2 DESC, 1 LIMIT @top", from, to, host, top, ct).ToListAsync(ct);

        var failed = await Pairs(db, $"""
            SELECT source_ip, count(*) FROM logins
            WHERE outcome = 'failure' AND source_ip IS NOT NULL AND occurred_at >= @from AND occurred_at <= @to{hostFilter}
            GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT @top
            """, from, to, host, top, ct).ToListAsync(ct);

        var unparsed = await Pairs(db, $"""
            SELECT 'unparsed', count(*) FROM unparsed_lines
            WHERE received_on >= @fromDay AND received_on <= @toDay AND received_at >= @from AND received_at <= @to{hostFilter}
            """, from, to, host, top, ct).FirstAsync(ct);

        return new StatsSummary(from, to, counts, users.Select(p => new NamedCount(p.Name, p.Count)).ToList(),
            hosts.Select(p => new NamedCount(p.Name, p.Count)).ToList(), failed.Select(p => new NamedCount(p.Name, p.Count)).ToList(), unparsed.Count);
    }

    private static async IAsyncEnumerable<(string Name, long Count)> Pairs(NpgsqlDataSource db, string sql, DateTimeOffset from, DateTimeOffset to, string? host, int top,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(sql);
        cmd.Parameters.AddWithValue("from", from.ToUniversalTime());
        cmd.Parameters.AddWithValue("to", to.ToUniversalTime());
        cmd.Parameters.AddWithValue("fromDay", DateOnly.FromDateTime(from.UtcDateTime));
        cmd.Parameters.AddWithValue("toDay", DateOnly.FromDateTime(to.UtcDateTime));
        cmd.Parameters.AddWithValue("top", top);
        if (host is not null) cmd.Parameters.AddWithValue("host", host);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) yield return (r.GetString(0), r.GetInt64(1));
    }

    /// <summary>The window cut into <paramref name="n"/> equal buckets; the ingest side is the whole service's (batch_parses knows no host).</summary>
    public static async Task<StatsSeries> SeriesAsync(
        NpgsqlDataSource db, DateTimeOffset from, DateTimeOffset to, string? host, int n, int top, long backlogLines, CancellationToken ct)
    {
        var step = Math.Max(1, (to - from).TotalSeconds / n);
        var hostFilter = host is null ? "" : " AND host = @host";
        var bucket = "least(floor(extract(epoch FROM occurred_at - @from) / @step)::int, @last)";

        var kinds = string.Join(" UNION ALL ", EventKind.All.Select(k =>
            $"SELECT '{k.Name}', {bucket}, count(*)::float8 FROM {k.Table} WHERE occurred_at >= @from AND occurred_at <= @to{hostFilter} GROUP BY 2"));
        var byKind = Spread(await RowsAsync(db, kinds, from, to, step, n, host, top, ct), n, EventKind.All.Select(k => k.Name));

        var failedSql = $"""
            WITH f AS (SELECT source_ip, occurred_at FROM logins WHERE outcome = 'failure' AND source_ip IS NOT NULL AND occurred_at >= @from AND occurred_at <= @to{hostFilter}),
                 top AS (SELECT source_ip FROM f GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT @top)
            SELECT source_ip, {bucket}, count(*)::float8 FROM f WHERE source_ip IN (SELECT source_ip FROM top) GROUP BY 1, 2
            """;
        var failed = Spread(await RowsAsync(db, failedSql, from, to, step, n, host, top, ct), n, null);

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
        return new StatsSeries(from, to, buckets, byKind, failed,
            ingest[0] with { Name = "lines parsed" }, ingest[1] with { Name = "median lag (s)" }, ingest[2] with { Name = "longest lag (s)" }, backlogLines);
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
