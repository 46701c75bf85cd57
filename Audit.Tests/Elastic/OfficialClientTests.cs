using System.Text.Json;
using Audit.Tests.Support;

namespace Audit.Tests.Elastic;

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
        var script = Path.Combine(RepoPaths.Root, "Audit.Tests", "Elastic", "Clients", "python_bulk.py");
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
}
