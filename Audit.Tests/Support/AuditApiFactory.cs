using System.Net.Http.Headers;
using Audit.Infrastructure.Parsing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Audit.Tests.Support;

/// <summary>
/// The real API over real HTTP (test server) on a fresh database. Hangfire's server is off: tests
/// run the parse job directly with <see cref="ParseAllAsync"/>.
/// </summary>
public sealed class AuditApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminKey = "test-admin-key-0123456789abcdef-0123";

    public TestDatabase Database { get; private set; } = null!;

    /// <summary>Extra configuration for a test that needs its own host (set before first use).</summary>
    public Dictionary<string, string> Settings { get; } = [];

    /// <summary>Lets a test route the API's connections elsewhere (e.g. through a <see cref="TcpProxy"/>).</summary>
    public Func<string, string>? ConnectionString { get; set; }

    /// <summary>The PostgreSQL server to make the database on (default AUDIT_TEST_PG's); set before <see cref="StartAsync"/>.</summary>
    public string? DatabaseServer { get; set; }

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(server: DatabaseServer);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Audit", ConnectionString?.Invoke(Database.ConnectionString) ?? Database.ConnectionString);
        builder.UseSetting("ConnectionStrings:AuditOwner", Database.OwnerConnectionString);
        builder.UseSetting("Integrity:BackgroundEnabled", "false");
        builder.UseSetting("Auth:AdminKey", AdminKey);
        builder.UseSetting("Hangfire:ServerEnabled", "false");
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        builder.UseSetting("Auth:MaxFailuresPerMinute", "100000"); // the test server has no client address: every test shares one
        builder.UseSetting("Parsing:SshConnectionQuietSeconds", "1");
        builder.UseSetting("Ingest:MaxBodyBytes", (4 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
    }

    public HttpClient CreateClientWithKey(string key = AdminKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    public HttpClient CreateClientWithAuthorization(string scheme, string value)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(scheme, value);
        return client;
    }

    /// <summary>Runs the parse job until the queue is empty; returns the lines it took.</summary>
    public async Task<int> ParseAllAsync()
    {
        using var scope = Services.CreateScope();
        var job = scope.ServiceProvider.GetRequiredService<ParseJob>();
        var total = 0;
        int n;
        while ((n = await job.ParseNextChunkAsync(CancellationToken.None)) > 0) total += n;
        return total;
    }

    /// <summary>For tests that make their own factory: create the database.</summary>
    public Task StartAsync() => InitializeAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }
}
