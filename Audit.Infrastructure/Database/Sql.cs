using Npgsql;

namespace Audit.Infrastructure.Database;

/// <summary>Runs a statement with named parameters (the one-liners the jobs and the migration runner need).</summary>
public static class Sql
{
    public static async Task ExecAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, CancellationToken ct, params (string Name, object Value)[] args)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
