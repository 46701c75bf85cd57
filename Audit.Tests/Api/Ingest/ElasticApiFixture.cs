using Audit.Tests.Support;

namespace Audit.Tests.Api.Ingest;

/// <summary>An in-memory API on its own database, with an ingest key, for the Elasticsearch-compatible routes.</summary>
public sealed class ElasticApiFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    public ShipperApiHost Host { get; private set; } = null!;

    public string IngestKey { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync("audit_test_es");
        Host = new ShipperApiHost(Database, new Dictionary<string, string?> { ["Elastic:ItemRetryDelayMs"] = "0" });
        IngestKey = await Host.CreateIngestKeyAsync("filebeat");
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Database.DisposeAsync();
    }
}
