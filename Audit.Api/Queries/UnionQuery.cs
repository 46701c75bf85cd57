using System.Runtime.CompilerServices;
using System.Text;
using Npgsql;

namespace Audit.Api.Queries;

/// <summary>
/// Builds and runs the UNION ALL over event tables behind the timeline and search: each branch is
/// bounded by the window (partitions prune), filtered, keyset-limited and ordered on its own (so each
/// uses its own indexes), then merged newest first.
/// </summary>
public static class UnionQuery
{
    public sealed record Filters(DateTimeOffset From, DateTimeOffset To, string? Host, string? User, string? SearchPattern, PageCursor? After, int? Limit);

    public static (string Sql, List<NpgsqlParameter> Parameters) Build(IEnumerable<EventKind> kinds, Filters f)
    {
        var p = new List<NpgsqlParameter> { new("from", f.From.ToUniversalTime()), new("to", f.To.ToUniversalTime()) };
        if (f.Host is not null) p.Add(new NpgsqlParameter("host", f.Host));
        if (f.User is not null) p.Add(new NpgsqlParameter("user", f.User));
        if (f.SearchPattern is not null) p.Add(new NpgsqlParameter("pattern", f.SearchPattern));
        if (f.After is { } a) p.Add(new NpgsqlParameter("ct", a.Time.ToUniversalTime()));
        if (f.Limit is { } n) p.Add(new NpgsqlParameter("n", n));

        var sql = new StringBuilder("SELECT occurred_at, kind, host, user_name, summary, detail, raw_id, key FROM (");
        var first = true;
        foreach (var k in kinds)
        {
            if (f.SearchPattern is not null && k.SearchColumn is null) continue;
            if (!first) sql.Append(" UNION ALL ");
            first = false;
            sql.Append("(SELECT occurred_at, '").Append(k.Name).Append("' AS kind, host, ").Append(k.UserColumn).Append(" AS user_name, ")
               .Append(k.Summary).Append(" AS summary, (").Append(k.Detail).Append(")::text AS detail, raw_id, raw_id * 16 + ").Append(k.Number)
               .Append(" AS key FROM ").Append(k.Table).Append(" WHERE occurred_at >= @from AND occurred_at <= @to");
            if (f.Host is not null) sql.Append(" AND host = @host");
            if (f.User is not null) sql.Append(" AND ").Append(k.UserPredicate);
            if (f.SearchPattern is not null) sql.Append(" AND (").Append(k.SearchColumn).Append(") ILIKE @pattern ESCAPE '\\'");
            if (f.After is { } after)
            {
                // raw_id * 16 + k < key  ⇔  raw_id <= floor((key - k - 1) / 16): a plain raw_id bound the index can use.
                var name = "max" + k.Number;
                p.Add(new NpgsqlParameter(name, Math.DivRem(after.Id - k.Number - 1, 16L) switch { var (q, r) => r < 0 ? q - 1 : q }));
                sql.Append(" AND (occurred_at < @ct OR (occurred_at = @ct AND raw_id <= @").Append(name).Append("))");
            }

            sql.Append(" ORDER BY occurred_at DESC, raw_id DESC");
            if (f.Limit is not null) sql.Append(" LIMIT @n");
            sql.Append(')');
        }

        if (first) sql.Append("SELECT NULL::timestamptz AS occurred_at, '' AS kind, '' AS host, NULL AS user_name, '' AS summary, '{}' AS detail, 0::bigint AS raw_id, 0::bigint AS key WHERE false");
        sql.Append(") u ORDER BY occurred_at DESC, key DESC");
        if (f.Limit is not null) sql.Append(" LIMIT @n");
        return (sql.ToString(), p);
    }

    /// <param name="customPlan">
    /// Plan for these parameter values (the service plans generically by default): a substring search
    /// needs the pattern at plan time to choose the trigram index.
    /// </param>
    public static async IAsyncEnumerable<TimelineRow> RunAsync(NpgsqlDataSource db, string sql, List<NpgsqlParameter> parameters, [EnumeratorCancellation] CancellationToken ct, bool customPlan = false)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (customPlan)
        {
            await using var set = new NpgsqlCommand("SET LOCAL plan_cache_mode = force_custom_plan", conn, tx);
            await set.ExecuteNonQueryAsync(ct);
        }

        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        cmd.Parameters.AddRange(parameters.ToArray());
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            yield return new TimelineRow
            {
                OccurredAt = r.GetFieldValue<DateTimeOffset>(0),
                Kind = r.GetString(1),
                Host = r.GetString(2),
                UserName = r.IsDBNull(3) ? null : r.GetString(3),
                Summary = r.IsDBNull(4) ? "" : r.GetString(4),
                Detail = r.GetString(5),
                RawId = r.GetInt64(6),
                Key = r.GetInt64(7),
            };
        }
    }
}
