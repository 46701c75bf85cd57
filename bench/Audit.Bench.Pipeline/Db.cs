using Npgsql;

namespace Audit.Bench.Pipeline;

/// <summary>The few database calls the benchmark makes itself: fresh databases, counts, scripts.</summary>
public static class Db
{
    public static string Of(string server, string database, int pool = 60) =>
        new NpgsqlConnectionStringBuilder(server) { Database = database, MaxPoolSize = pool }.ConnectionString;

    public static async Task<string> CreateAsync(string server, string prefix)
    {
        var name = $"{prefix}_{DateTime.UtcNow:yyyyMMddHHmmss}_{Environment.ProcessId}";
        await ExecAsync(Of(server, "postgres"), $"CREATE DATABASE {name}");
        return name;
    }

    public static Task DropAsync(string server, string name) => ExecAsync(Of(server, "postgres"), $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");

    public static async Task ExecAsync(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync();
    }

    public static async Task<long> LongAsync(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<string> TextAsync(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToString(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    /// <summary>
    /// Polls <paramref name="sql"/> (one number) until it reaches <paramref name="target"/>; fails when it has not
    /// moved for <paramref name="stall"/>, so a stuck pipeline ends the run with what it reached.
    /// </summary>
    public static async Task<long> WaitForAsync(string cs, string sql, long target, TimeSpan stall, int everyMs = 100)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        long last = -1;
        var moved = DateTime.UtcNow;
        while (true)
        {
            var value = Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
            if (value >= target) return value;
            if (value != last) { last = value; moved = DateTime.UtcNow; }
            else if (DateTime.UtcNow - moved > stall) throw new TimeoutException($"stuck at {value:N0} of {target:N0} for {stall.TotalSeconds:F0} s: {sql}");
            await Task.Delay(everyMs);
        }
    }
}
