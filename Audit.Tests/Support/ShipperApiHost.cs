using System.Globalization;
using Audit.Api.Ingest;
using Audit.Infrastructure.Ingest;
using Audit.Infrastructure.Keys;
using Audit.Infrastructure.Parsing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Audit.Tests.Support;

/// <summary>
/// The real API on a database the caller owns, with extra settings, either in memory or on a real TCP
/// port (Kestrel) so that real shippers can reach it. Disposing stops the server; a new host on the
/// same port and database is "the API restarted". Hangfire's server is off: tests parse explicitly.
/// </summary>
public sealed class ShipperApiHost : WebApplicationFactory<Program>
{
    private readonly TestDatabase _database;
    private readonly IReadOnlyDictionary<string, string?> _settings;

    public ShipperApiHost(TestDatabase database, IReadOnlyDictionary<string, string?>? settings = null, int? port = null)
    {
        _database = database;
        _settings = settings ?? new Dictionary<string, string?>();
        Port = port;
        if (port is { } p)
        {
            UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, p));
            StartServer();
        }
    }

    public int? Port { get; }

    public Uri Address => new($"http://127.0.0.1:{Port}");

    public PushbackCounter Pushbacks => Services.GetRequiredService<PushbackCounter>();

    public BacklogMonitor Backlog => Services.GetRequiredService<BacklogMonitor>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Audit", _database.ConnectionString);
        builder.UseSetting("ConnectionStrings:AuditOwner", _database.OwnerConnectionString);
        builder.UseSetting("Integrity:BackgroundEnabled", "false");
        builder.UseSetting("Auth:AdminKey", AuditApiFactory.AdminKey);
        builder.UseSetting("Hangfire:ServerEnabled", "false");
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        builder.UseSetting("Ingest:MaxBodyBytes", (4 * 1024 * 1024).ToString(CultureInfo.InvariantCulture));
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
    }

    /// <summary>A client for the in-memory server, or for the real port when there is one.</summary>
    public HttpClient Client() => Port is null ? CreateClient() : new HttpClient { BaseAddress = Address };

    public async Task<string> CreateIngestKeyAsync(string name = "shipper")
    {
        var store = Services.GetRequiredService<ApiKeyStore>();
        var (_, key) = await store.CreateAsync(name, [ApiKeyScopes.Ingest], "test", CancellationToken.None);
        return key;
    }

    /// <summary>Runs the parse job until the queue is empty, which ends a backlog's back-pressure.</summary>
    public async Task<int> ParseAllAsync()
    {
        using var scope = Services.CreateScope();
        var job = scope.ServiceProvider.GetRequiredService<ParseJob>();
        var total = 0;
        int n;
        while ((n = await job.ParseNextChunkAsync(CancellationToken.None)) > 0) total += n;
        await Backlog.RefreshAsync(CancellationToken.None);
        return total;
    }
}
