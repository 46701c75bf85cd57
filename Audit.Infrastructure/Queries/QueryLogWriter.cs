using Audit.Infrastructure.Partitions;
using Npgsql;

namespace Audit.Infrastructure.Queries;

/// <summary>
/// Appends to <c>query_log</c> before the answer goes out, so no answered query goes unrecorded. The
/// record's commit does not wait for its disk flush (PostgreSQL flushes it within its WAL writer delay,
/// 200 ms by default): waiting would add a disk sync to every query.
/// </summary>
public sealed class QueryLogWriter(NpgsqlDataSource dataSource, PartitionManager partitions)
{
    public async Task WriteAsync(QueryRecord r, CancellationToken ct)
    {
        await partitions.EnsureAsync(Database.Tables.QueryLog.Name, [DateOnly.FromDateTime(r.At.UtcDateTime)], ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using var batch = new NpgsqlBatch(conn, tx)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("SET LOCAL synchronous_commit = off"),
                new NpgsqlBatchCommand("""
                    INSERT INTO query_log (at, actor, key_id, method, path, query, status, row_count, duration_ms)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                    """)
                {
                    Parameters =
                    {
                        new() { Value = r.At.ToUniversalTime() }, new() { Value = r.Actor }, new() { Value = (object?)r.KeyId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid },
                        new() { Value = r.Method }, new() { Value = r.Path }, new() { Value = r.Query }, new() { Value = r.Status },
                        new() { Value = (object?)r.RowCount ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer }, new() { Value = r.DurationMs },
                    },
                },
            },
        };
        await batch.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
    }
}
