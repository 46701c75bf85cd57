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

    private readonly string _server;

    private TestDatabase(string server, string name, string serviceConnectionString, string ownerConnectionString, string superuserConnectionString, NpgsqlDataSource dataSource)
    {
        _server = server;
        Name = name;
        ConnectionString = serviceConnectionString;
        OwnerConnectionString = ownerConnectionString;
        SuperuserConnectionString = superuserConnectionString;
        DataSource = dataSource;
    }

    public string Name { get; }

    /// <summary>The service's login: a member of audit_service, neither owner nor superuser (what the API is given as ConnectionStrings:Audit).</summary>
    public string ConnectionString { get; }

    /// <summary>The owner's login, a member of audit_owner (ConnectionStrings:AuditOwner): migrations, partitions, retention.</summary>
    public string OwnerConnectionString { get; }

    public string SuperuserConnectionString { get; }

    /// <summary>Superuser connections, for a test's own setup and inspection (and tampering).</summary>
    public NpgsqlDataSource DataSource { get; }

    public string ServiceLogin => Name + "_svc";

    public string OwnerLogin => Name + "_own";

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

    /// <summary>Makes the database on AUDIT_TEST_PG's server, or on <paramref name="server"/> (a test's own cluster) when given.</summary>
    public static async Task<TestDatabase> CreateAsync(string prefix = "audit_test", string? server = null)
    {
        var at = server ?? Server;
        var name = $"{prefix}_{DateTime.UtcNow:yyyyMMddHHmmss}_{Guid.NewGuid().ToString("N")[..8]}";
        string svc = name + "_svc", own = name + "_own";
        await using (var admin = new NpgsqlConnection(at + ";Database=postgres"))
        {
            await admin.OpenAsync();
            // The roles are cluster-wide and shared by every test database; 024_roles.sql would make them too.
            await EnsureRoleAsync(admin, "audit_owner");
            await EnsureRoleAsync(admin, "audit_service");
            await EnsureRoleAsync(admin, "audit_reader");
            await Exec(admin, $"CREATE ROLE \"{own}\" LOGIN IN ROLE audit_owner");
            await Exec(admin, $"CREATE ROLE \"{svc}\" LOGIN IN ROLE audit_service");
            await Exec(admin, $"CREATE DATABASE \"{name}\" OWNER \"{own}\"");
        }

        var super = new NpgsqlConnectionStringBuilder(at) { Database = name, MaxPoolSize = 40 }.ConnectionString;
        await using (var conn = new NpgsqlConnection(super))
        {
            // Hangfire's job tables are the service's own (not audit data); it creates them at start.
            await conn.OpenAsync();
            await Exec(conn, $"CREATE SCHEMA hangfire AUTHORIZATION \"{svc}\"");
        }

        var owner = new NpgsqlConnectionStringBuilder(at) { Database = name, Username = own, MaxPoolSize = 10 }.ConnectionString;
        var service = new NpgsqlConnectionStringBuilder(at) { Database = name, Username = svc, MaxPoolSize = 40 }.ConnectionString;
        await using (var ownerDs = NpgsqlDataSource.Create(owner))
        {
            await new MigrationRunner(ownerDs, NullLogger<MigrationRunner>.Instance).ApplyAsync(CancellationToken.None);
        }

        return new TestDatabase(at, name, service, owner, super, NpgsqlDataSource.Create(super));
    }

    private static async Task EnsureRoleAsync(NpgsqlConnection admin, string role)
    {
        try
        {
            await Exec(admin, $"DO $$ BEGIN IF to_regrole('{role}') IS NULL THEN CREATE ROLE {role} NOLOGIN; END IF; END $$");
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateObject)
        {
            // Another test run made it at the same moment.
        }
    }

    private static async Task Exec(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
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
            await using var admin = new NpgsqlConnection(_server + ";Database=postgres");
            await admin.OpenAsync();
            await Exec(admin, $"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
            await Exec(admin, $"DROP ROLE IF EXISTS \"{ServiceLogin}\"");
            await Exec(admin, $"DROP ROLE IF EXISTS \"{OwnerLogin}\"");
        }
        catch (NpgsqlException)
        {
            // Leaving a test database behind is untidy, not wrong.
        }
    }
}
