using Npgsql;

namespace Audit.Bench.Ingest;

/// <summary>What both benchmarks need around PostgreSQL and the repository.</summary>
public static class BenchDatabase
{
    public static string Server => Environment.GetEnvironmentVariable("AUDIT_BENCH_PG") ?? "Host=127.0.0.1;Port=55432;Username=postgres";

    public static async Task ExecAsync(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync();
    }

    public static async Task<object> ScalarAsync(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>The checkout this binary was built in, and the Release build of the API in it.</summary>
    public static string ApiDll()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Audit.slnx"))) dir = dir.Parent;
        var root = dir?.FullName ?? throw new InvalidOperationException("run from inside the repository");
        var dll = Path.Combine(root, "Audit.Api", "bin", "Release", "net10.0", "Audit.Api.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the API first: dotnet build -c Release Audit.Api", dll);
    }
}
