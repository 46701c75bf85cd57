using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Audit.Infrastructure.Database;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Audit.Tests.Support;

/// <summary>
/// A fresh PostgreSQL database per test run (real server, never a fake), migrated with the real
/// migrations. The server comes from AUDIT_TEST_PG (default: the project-local cluster that
/// scripts/pg-local.sh starts). Dropped when the run ends.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string DefaultServer = "Host=127.0.0.1;Port=55432;Username=postgres";

    private TestDatabase(string name, string connectionString, NpgsqlDataSource dataSource)
    {
        Name = name;
        ConnectionString = connectionString;
        DataSource = dataSource;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    public static string Server => Environment.GetEnvironmentVariable("AUDIT_TEST_PG") is { Length: > 0 } s ? s : DefaultServer;

    /// <summary>
    /// Where the server of AUDIT_TEST_PG listens, for a proxy in front of it: its first host (a list may
    /// name several, each possibly <c>host:port</c>), by address or by name, or a Unix socket when the host
    /// is a directory; the port defaults as Npgsql's does.
    /// </summary>
    public static EndPoint ServerEndPoint() => EndPointOf(Server);

    public static EndPoint EndPointOf(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        var host = (b.Host ?? "localhost").Split(',')[0].Trim();
        var port = b.Port;
        var portAt = host.StartsWith('[') ? host.IndexOf("]:", StringComparison.Ordinal) + 1 : host.Count(c => c == ':') == 1 ? host.IndexOf(':', StringComparison.Ordinal) : -1;
        if (portAt > 0 && int.TryParse(host.AsSpan(portAt + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var p))
        {
            port = p;
            host = host[..portAt];
        }

        if (host.StartsWith('/')) return new UnixDomainSocketEndPoint(Path.Combine(host, $".s.PGSQL.{port}"));
        host = host.Trim('[', ']');
        return IPAddress.TryParse(host, out var ip) ? new IPEndPoint(ip, port) : new DnsEndPoint(host, port);
    }

    public static async Task<TestDatabase> CreateAsync(string prefix = "audit_test")
    {
        var name = $"{prefix}_{DateTime.UtcNow:yyyyMMddHHmmss}_{Guid.NewGuid().ToString("N")[..8]}";
        await using (var admin = new NpgsqlConnection(Server + ";Database=postgres"))
        {
            await admin.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await cmd.ExecuteNonQueryAsync();
        }

        var cs = new NpgsqlConnectionStringBuilder(Server) { Database = name, MaxPoolSize = 40 }.ConnectionString;
        var ds = NpgsqlDataSource.Create(cs);
        await new MigrationRunner(ds, NullLogger<MigrationRunner>.Instance).ApplyAsync(CancellationToken.None);
        return new TestDatabase(name, cs, ds);
    }

    public async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] args)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        foreach (var (n, v) in args) cmd.Parameters.AddWithValue(n, v);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    public async Task ExecAsync(string sql, params (string Name, object Value)[] args)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        foreach (var (n, v) in args) cmd.Parameters.AddWithValue(n, v);
        await cmd.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        try
        {
            await using var admin = new NpgsqlConnection(Server + ";Database=postgres");
            await admin.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", admin);
            await cmd.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // Leaving a test database behind is untidy, not wrong.
        }
    }
}
