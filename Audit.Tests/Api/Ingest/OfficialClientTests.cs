using System.Text.Json;
using Audit.Tests.Support;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport;

namespace Audit.Tests.Api.Ingest;

/// <summary>
/// Official Elasticsearch clients, unchanged, against our root endpoints on a real port: every document
/// arrives once (a retried <c>_id</c> is absorbed), and the clients' own checks (product header,
/// version) pass.
/// </summary>
public sealed class OfficialClientTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private ShipperApiHost _api = null!;
    private string _key = "";

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync("audit_test_esclients");
        _api = new ShipperApiHost(_db, port: FreePort.Next());
        _key = await _api.CreateIngestKeyAsync("clients");
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task Python_elasticsearch_bulk_and_streaming_bulk_deliver_each_document_once()
    {
        var host = Unique.Host();
        var script = Path.Combine(RepoPaths.Root, "Audit.Tests", "Api", "Ingest", "Clients", "python_bulk.py");
        var (code, output) = await ManagedProcess.RunAsync(RepoPaths.Require("/usr/bin/python3"), [script], TimeSpan.FromMinutes(2), new Dictionary<string, string>
        {
            ["AUDIT_URL"] = _api.Address.ToString(), ["AUDIT_KEY"] = _key, ["AUDIT_HOST"] = host, ["AUDIT_COUNT"] = "300",
        });
        Assert.True(code == 0, output);
        using var result = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        Assert.Equal(150, result.RootElement.GetProperty("bulk").GetInt32());
        Assert.Equal(150, result.RootElement.GetProperty("streamed").GetInt32());
        Assert.Equal(0, result.RootElement.GetProperty("errors").GetArrayLength());
        Assert.Equal(0, result.RootElement.GetProperty("retryErrors").GetInt32());

        Assert.Equal(300L, await _db.ScalarAsync<long>("SELECT count(*) FROM raw_lines WHERE host = @h", ("h", host)));
        Assert.Equal(300L, await _db.ScalarAsync<long>("SELECT count(DISTINCT line) FROM raw_lines WHERE host = @h", ("h", host)));
    }

    [Fact]
    public async Task Dotnet_elasticsearch_client_bulk_delivers_each_audit_event_once()
    {
        var host = Unique.Host();
        var settings = new ElasticsearchClientSettings(_api.Address).Authentication(new ApiKey(_key)).DefaultIndex("audit-dotnet").DisableDirectStreaming();
        var client = new ElasticsearchClient(settings);
        var events = Enumerable.Range(0, 200).Select(i => new ServiceAuditEvent(
            DateTimeOffset.UtcNow, $"dotnet-client event {i}", new ServiceAuditHost(host), i % 2 == 0 ? $"{host}-{i}" : null)).ToList();

        var first = await client.BulkAsync(b => b.Index("audit-dotnet").CreateMany(events.Where(e => e.Id is not null), (d, e) => d.Id(e.Id!)).IndexMany(events.Where(e => e.Id is null)));
        Assert.True(first.IsValidResponse, first.DebugInformation);
        Assert.False(first.Errors, first.DebugInformation);
        Assert.Equal(200, first.Items.Count);
        // The documents with an _id again, as after a lost answer: as "index" they succeed as in Elasticsearch
        // (nothing stored twice); as "create" they answer 409 per item, as Elasticsearch does, and nothing is lost.
        var retry = await client.BulkAsync(b => b.Index("audit-dotnet").IndexMany(events.Where(e => e.Id is not null), (d, e) => d.Id(e.Id!)));
        Assert.True(retry.IsValidResponse, retry.DebugInformation);
        Assert.False(retry.Errors, retry.DebugInformation);
        var again = await client.BulkAsync(b => b.Index("audit-dotnet").CreateMany(events.Where(e => e.Id is not null), (d, e) => d.Id(e.Id!)));
        Assert.All(again.Items, i => Assert.True(i.Status is 201 or 409, $"{i.Status}"));

        Assert.Equal(200L, await _db.ScalarAsync<long>("SELECT count(*) FROM raw_lines WHERE host = @h", ("h", host)));
    }

    [Fact]
    public async Task Node_elasticsearch_client_helpers_bulk_delivers_each_document_once()
    {
        var host = Unique.Host();
        var dir = Path.Combine(RepoPaths.Root, "Audit.Tests", "Api", "Ingest", "Clients", "node");
        var npm = Which("npm");
        var (installed, installOutput) = await ManagedProcess.RunAsync(npm, ["ci", "--no-audit", "--no-fund", "--prefix", dir], TimeSpan.FromMinutes(5));
        Assert.True(installed == 0, installOutput);
        var (code, output) = await ManagedProcess.RunAsync(Which("node"), [Path.Combine(dir, "bulk.js")], TimeSpan.FromMinutes(2), new Dictionary<string, string>
        {
            ["AUDIT_URL"] = _api.Address.ToString(), ["AUDIT_KEY"] = _key, ["AUDIT_HOST"] = host, ["AUDIT_COUNT"] = "300", ["NODE_PATH"] = Path.Combine(dir, "node_modules"),
        });
        Assert.True(code == 0, output);
        using var result = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        Assert.Equal(300, result.RootElement.GetProperty("successful").GetInt32());
        Assert.Equal(0, result.RootElement.GetProperty("failed").GetInt32());
        Assert.Equal(150, result.RootElement.GetProperty("retried").GetInt32());
        Assert.Equal(0, result.RootElement.GetProperty("dropped").GetArrayLength());

        Assert.Equal(300L, await _db.ScalarAsync<long>("SELECT count(*) FROM raw_lines WHERE host = @h", ("h", host)));
    }

    /// <summary>A program on PATH; fails (never skips) with the fix when it is missing.</summary>
    private static string Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"{name} is missing: run scripts/install-deps.sh.");

    private sealed record ServiceAuditHost(string Name);

    private sealed record ServiceAuditEvent(
        [property: System.Text.Json.Serialization.JsonPropertyName("@timestamp")] DateTimeOffset Timestamp,
        [property: System.Text.Json.Serialization.JsonPropertyName("message")] string Message,
        [property: System.Text.Json.Serialization.JsonPropertyName("host")] ServiceAuditHost Host,
        [property: System.Text.Json.Serialization.JsonIgnore] string? Id);
}
