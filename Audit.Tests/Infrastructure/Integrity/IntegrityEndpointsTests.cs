using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Audit.Infrastructure.Integrity;
using Audit.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Audit.Tests.Infrastructure.Integrity;

/// <summary>The API as deployed: least-privilege login, owner connection, checkpoints to files; sealing and checkpoints called directly.</summary>
public sealed class IntegrityEndpointsTests : IAsyncLifetime
{
    private readonly AuditApiFactory _api = new();
    private string _folder = "";

    public async Task InitializeAsync()
    {
        _folder = Directory.CreateTempSubdirectory("audit-integrity-api-").FullName;
        CheckpointSigner.CreateKeyPair(Path.Combine(_folder, "key.pem"), Path.Combine(_folder, "key.pem.pub"));
        _api.Settings["Integrity:SigningKeyPath"] = Path.Combine(_folder, "key.pem");
        _api.Settings["Integrity:CheckpointDirectory"] = Path.Combine(_folder, "checkpoints");
        await _api.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)_api).DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Health_says_least_privilege_is_on_for_the_service_login()
    {
        using var client = _api.CreateClient();
        var health = await client.GetFromJsonAsync<JsonElement>("/health");
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal("on", health.GetProperty("leastPrivilege").GetString());
    }

    [Fact]
    public async Task Ingested_lines_are_sealed_checkpointed_and_verified_over_http_and_every_check_is_recorded()
    {
        using var client = _api.CreateClientWithKey();
        var host = Unique.Host("web");
        using var ingest = await client.PostAsync($"/api/v1/ingest?host={host}&source=/var/log/commands.log",
            new StringContent($"2026-12-02T01:00:00.000000+00:00 {host} alice: root [1]: id [0]\n", System.Text.Encoding.UTF8, "text/plain"));
        Assert.True(ingest.IsSuccessStatusCode, ingest.StatusCode.ToString());
        var batchId = (await ingest.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("batchId").GetInt64();

        Assert.True(await _api.Services.GetRequiredService<SealingJob>().RunAsync(CancellationToken.None) >= 1);
        var checkpoint = await _api.Services.GetRequiredService<CheckpointJob>().RunAsync(CancellationToken.None);
        Assert.NotNull(checkpoint);

        var state = await client.GetFromJsonAsync<JsonElement>("/api/v1/admin/integrity");
        Assert.True(state.GetProperty("sealedThroughBatchId").GetInt64() >= batchId);
        Assert.Equal(checkpoint.BatchId, state.GetProperty("lastCheckpoint").GetProperty("batchId").GetInt64());
        Assert.True(File.Exists(Path.Combine(_folder, "checkpoints", state.GetProperty("lastCheckpoint").GetProperty("file").GetString()!)));

        using var verify = await client.PostAsync("/api/v1/admin/integrity/verify", null);
        var result = await verify.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(result.GetProperty("ok").GetBoolean(), result.GetProperty("detail").GetString());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("firstBadBatchId").ValueKind);
        Assert.Equal(JsonValueKind.Null, result.GetProperty("problem").ValueKind);

        var runs = await client.GetFromJsonAsync<JsonElement>("/api/v1/admin/integrity/runs");
        Assert.Contains(runs.EnumerateArray(), r => r.GetProperty("kind").GetString() == "verify" && r.GetProperty("actor").GetString() != "self");
        Assert.Contains(runs.EnumerateArray(), r => r.GetProperty("kind").GetString() == "checkpoint");
        var health = await client.GetFromJsonAsync<JsonElement>("/health");
        Assert.Equal("ok", health.GetProperty("integrity").GetString());
        Assert.Contains("audit_integrity_verified 1", await client.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Integrity_endpoints_are_for_admins_only()
    {
        using var anonymous = _api.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/v1/admin/integrity/verify", null)).StatusCode);
    }
}
