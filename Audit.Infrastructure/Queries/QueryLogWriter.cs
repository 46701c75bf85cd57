using Audit.Infrastructure.Partitions;
using Npgsql;

namespace Audit.Infrastructure.Queries;

/// <summary>Appends to <c>query_log</c> — before the answer goes out, so no answered query goes unrecorded.</summary>
public sealed class QueryLogWriter(NpgsqlDataSource dataSource, PartitionManager partitions)
{
    public async Task WriteAsync(QueryRecord r, CancellationToken ct)
    {
        await partitions.EnsureAsync("query_log", [DateOnly.FromDateTime(r.At.UtcDateTime)], ct);
        await using var cmd = dataSource.CreateCommand("""
            INSERT INTO query_log (at, actor, key_id, method, path, query, status, row_count, duration_ms)
            VALUES (@at, @actor, @key, @method, @path, @query, @status, @rows, @ms)
            """);
        cmd.Parameters.AddWithValue("at", r.At.ToUniversalTime());
        cmd.Parameters.AddWithValue("actor", r.Actor);
        cmd.Parameters.AddWithValue("key", (object?)r.KeyId ?? DBNull.Value);
        cmd.Parameters.AddWithValue("method", r.Method);
        cmd.Parameters.AddWithValue("path", r.Path);
        cmd.Parameters.AddWithValue("query", r.Query);
        cmd.Parameters.AddWithValue("status", r.Status);
        cmd.Parameters.AddWithValue("rows", (object?)r.RowCount ?? DBNull.Value);
        cmd.Parameters.AddWithValue("ms", r.DurationMs);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
