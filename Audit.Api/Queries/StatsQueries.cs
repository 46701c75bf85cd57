using System.Text;
using Npgsql;

namespace Audit.Api.Queries;

/// <summary>The summary's SQL: one time-bounded aggregate per question, so every table prunes to the window.</summary>
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
}
