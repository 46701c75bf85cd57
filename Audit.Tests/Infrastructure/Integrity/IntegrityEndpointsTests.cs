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
        _api.Settings["Partitions:ArchiveDirectory"] = Path.Combine(_folder, "archive");
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
    public async Task A_day_archived_and_dropped_by_retention_is_restored_over_http_and_queryable_again()
    {
        using var client = _api.CreateClientWithKey();
        var host = Unique.Host("db");
        var now = DateTimeOffset.UtcNow;
        using (var ingest = await client.PostAsync($"/api/v1/ingest?host={host}&source=/var/log/commands.log",
            new StringContent($"{now:yyyy-MM-ddTHH:mm:ss.ffffff}+00:00 {host} alice: root [7]: cat /etc/shadow [0]\n", System.Text.Encoding.UTF8, "text/plain")))
        {
            Assert.True(ingest.IsSuccessStatusCode);
        }

        await _api.ParseAllAsync();
        await _api.Services.GetRequiredService<SealingJob>().RunAsync(CancellationToken.None);
        Assert.Contains("cat /etc/shadow", await client.GetStringAsync($"/api/v1/commands?host={host}"), StringComparison.Ordinal);

        // Retention a year and more later: raw staging archived then dropped, and the day's commands dropped.
        await using var owner = Npgsql.NpgsqlDataSource.Create(_api.Database.OwnerConnectionString);
        var retention = new Audit.Infrastructure.Partitions.PartitionMaintenanceJob(owner, new Audit.Infrastructure.Partitions.PartitionManager(owner),
            Microsoft.Extensions.Options.Options.Create(new Audit.Infrastructure.Partitions.PartitionOptions { MinimumRetentionDays = 365, ArchiveDirectory = Path.Combine(_folder, "archive") }),
            new FixedTimeProvider(now.AddDays(400)), Microsoft.Extensions.Logging.Abstractions.NullLogger<Audit.Infrastructure.Partitions.PartitionMaintenanceJob>.Instance);
        var day = DateOnly.FromDateTime(now.UtcDateTime);
        foreach (var table in new[] { "raw_batches", "raw_lines", "commands" }) Assert.NotEmpty(await retention.DropOlderThanAsync(table, day.AddDays(1), CancellationToken.None));
        Assert.DoesNotContain("cat /etc/shadow", await client.GetStringAsync($"/api/v1/commands?host={host}"), StringComparison.Ordinal);

        using var restore = await client.PostAsJsonAsync("/api/v1/admin/integrity/restore", new { day = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) });
        var restored = await restore.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, restore.StatusCode);
        Assert.True(restored.GetProperty("lines").GetInt64() >= 1);
        await _api.Services.GetRequiredService<Audit.Infrastructure.Parsing.ReparseJob>().RunAsync(restored.GetProperty("reparseId").GetInt64(), CancellationToken.None);

        Assert.Contains("cat /etc/shadow", await client.GetStringAsync($"/api/v1/commands?host={host}"), StringComparison.Ordinal);
        using var verify = await client.PostAsync("/api/v1/admin/integrity/verify", null);
        var result = await verify.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(result.GetProperty("ok").GetBoolean(), result.GetProperty("detail").GetString());
        var runs = await client.GetFromJsonAsync<JsonElement>("/api/v1/admin/integrity/runs");
        foreach (var kind in new[] { "archive", "drop", "restore" }) Assert.Contains(runs.EnumerateArray(), r => r.GetProperty("kind").GetString() == kind);
    }

    [Fact]
    public async Task Integrity_endpoints_are_for_admins_only()
    {
        using var anonymous = _api.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/v1/admin/integrity/verify", null)).StatusCode);
    }
}
