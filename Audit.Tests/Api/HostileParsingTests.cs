using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Audit.Infrastructure.Parsing;
using Audit.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Audit.Tests.Api;

/// <summary>
/// One host holding an ingest key sends lines meant to stall parsing for everyone. Its own API and
/// database per test class: quarantine and /health are global state.
/// </summary>
public sealed class HostileParsingTests : IAsyncLifetime
{
    private readonly AuditApiFactory _api = new() { Settings = { ["Parsing:RetryDelaySeconds"] = "0" } };

    public Task InitializeAsync() => _api.StartAsync();

    public async Task DisposeAsync() => await ((IAsyncLifetime)_api).DisposeAsync();

    [Fact]
    public async Task A_line_postgresql_refuses_becomes_unparsed_with_its_reason_and_every_other_line_flows()
    {
        var attacker = Unique.Host("evil");
        var victim = Unique.Host("web");
        using var client = _api.CreateClientWithKey();
        // jsonb refuses \u0000; the line before and after it in the same batch are good.
        var appLines = $$"""
            {"actor":"ann","action":"deploy","resource":"svc-1","host":"{{attacker}}"}
            {"actor":"ann","action":"deploy","extra":{"k":"\u0000"},"host":"{{attacker}}"}
            {"actor":"bob","action":"rollback","resource":"svc-2","host":"{{attacker}}"}
            """;
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/v1/ingest?host={attacker}&source=/srv/app/audit.jsonl", new StringContent(appLines, Encoding.UTF8, "text/plain"))).StatusCode);
        await PostBash(client, victim, 50);

        await _api.ParseAllAsync();

        Assert.Equal(50L, await Count("commands", victim));
        Assert.Equal(2L, await Count("app_events", attacker));
        using var unparsed = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/unparsed?host={attacker}"));
        var item = Assert.Single(unparsed.RootElement.GetProperty("items").EnumerateArray());
        Assert.StartsWith("not storable: 22P05", item.GetProperty("reason").GetString());
        Assert.Contains("\\u0000", item.GetProperty("line").GetString());
        Assert.Equal("3/2/0/1", await _api.Database.ScalarAsync<string>(
            "SELECT string_agg(lines || '/' || parsed || '/' || noise || '/' || unparsed, ',') FROM batch_parses WHERE batch_id IN (SELECT DISTINCT id >> 24 FROM raw_lines WHERE host = @h)", ("h", attacker)));
        Assert.Equal(0L, await _api.Database.ScalarAsync<long>("SELECT count(*) FROM parse_queue"));
        await AssertHealth(client, "ok");
    }

    [Fact]
    public async Task Several_refused_lines_in_one_chunk_are_isolated_one_by_one()
    {
        var host = Unique.Host("evil");
        await _api.Database.ExecAsync("ALTER TABLE commands ADD CONSTRAINT test_refuses_poison CHECK (command NOT LIKE 'poison%')");
        using var client = _api.CreateClientWithKey();
        var now = DateTimeOffset.UtcNow;
        var body = new StringBuilder();
        for (var i = 0; i < 200; i++)
        {
            var command = i % 37 == 5 ? $"poison {i}" : $"echo {i}";
            body.Append(CultureInfo($"{now.AddMilliseconds(-i):O} {host} eve: eve [{i}]: {command} [0]\n"));
        }

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/v1/ingest?host={host}&source=/var/log/commands.log", new StringContent(body.ToString(), Encoding.UTF8, "text/plain"))).StatusCode);
        await _api.ParseAllAsync();

        var poisoned = Enumerable.Range(0, 200).Count(i => i % 37 == 5);
        Assert.Equal(200L - poisoned, await Count("commands", host));
        Assert.Equal((long)poisoned, await _api.Database.ScalarAsync<long>("SELECT count(*) FROM unparsed_lines WHERE host = @h AND reason LIKE 'not storable: 23514%'", ("h", host)));
        Assert.Equal(0L, await _api.Database.ScalarAsync<long>("SELECT count(*) FROM parse_queue"));
    }

    [Fact]
    public async Task A_batch_that_keeps_failing_is_quarantined_behind_the_others_shown_in_health_and_metrics_and_retriable()
    {
        var attacker = Unique.Host("evil");
        var victim = Unique.Host("web");
        // A failure outside the row writes (the shell state), which isolating lines cannot absorb.
        await _api.Database.ExecAsync($"""
            CREATE FUNCTION test_refuse_shell() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF NEW.host = '{attacker}' THEN RAISE EXCEPTION 'shell state refused for test'; END IF; RETURN NEW; END $$;
            CREATE TRIGGER test_refuse_shell BEFORE INSERT ON bash_shells FOR EACH ROW EXECUTE FUNCTION test_refuse_shell();
            """);
        using var client = _api.CreateClientWithKey();
        await PostBash(client, attacker, 5);
        await PostBash(client, victim, 20);

        await _api.ParseAllAsync();

        Assert.Equal(20L, await Count("commands", victim));
        Assert.Equal(0L, await Count("commands", attacker));
        using (var queue = JsonDocument.Parse(await client.GetStringAsync("/api/v1/admin/parse-queue")))
        {
            var q = Assert.Single(queue.RootElement.GetProperty("quarantined").EnumerateArray());
            Assert.Equal(3, q.GetProperty("attempts").GetInt32());
            Assert.Contains("shell state refused for test", q.GetProperty("lastError").GetString());
        }

        var reason = await AssertHealth(client, "degraded");
        Assert.Contains("1 batch(es) quarantined", reason);
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("audit_parse_quarantined_batches 1\n", metrics);
        Assert.Contains("audit_parse_queue_oldest_seconds ", metrics);
        Assert.Matches("audit_parse_failures_total\\{status=\"batch_pass_failed\"\\} [1-9]", metrics);

        // Later batches are not held up behind the quarantined one.
        var late = Unique.Host("web");
        await PostBash(client, late, 3);
        await _api.ParseAllAsync();
        Assert.Equal(3L, await Count("commands", late));

        await _api.Database.ExecAsync("DROP TRIGGER test_refuse_shell ON bash_shells");
        var batchId = await _api.Database.ScalarAsync<long>("SELECT batch_id FROM parse_queue WHERE quarantined_at IS NOT NULL");
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/v1/admin/parse-queue/{batchId}/retry", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/api/v1/admin/parse-queue/{batchId}/retry", null)).StatusCode);
        await _api.ParseAllAsync();
        Assert.Equal(5L, await Count("commands", attacker));
        Assert.Equal(20L, await Count("commands", victim));
        await AssertHealth(client, "ok");
    }

    [Fact]
    public async Task A_reparse_that_fails_records_its_error_and_ends()
    {
        var host = Unique.Host("evil");
        var started = DateTimeOffset.UtcNow.AddSeconds(-1);
        using var client = _api.CreateClientWithKey();
        await PostBash(client, host, 3);
        await _api.ParseAllAsync();
        await _api.Database.ExecAsync($"""
            CREATE FUNCTION test_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF OLD.host = '{host}' THEN RAISE EXCEPTION 'delete refused for test'; END IF; RETURN OLD; END $$;
            CREATE TRIGGER test_refuse_delete BEFORE DELETE ON commands FOR EACH ROW EXECUTE FUNCTION test_refuse_delete();
            """);

        var r = await client.PostAsJsonAsync("/api/v1/admin/reparse", new { from = started.ToString("O"), to = DateTimeOffset.UtcNow.ToString("O"), onlyUnparsed = false });
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        var id = doc.RootElement.GetProperty("id").GetInt64();
        using (var scope = _api.Services.CreateScope())
        {
            await Assert.ThrowsAnyAsync<Exception>(() => scope.ServiceProvider.GetRequiredService<ReparseJob>().RunAsync(id, CancellationToken.None));
        }

        using var status = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/admin/reparse/{id}"));
        Assert.NotEqual(JsonValueKind.Null, status.RootElement.GetProperty("finishedAt").ValueKind);
        Assert.Contains("delete refused for test", status.RootElement.GetProperty("error").GetString());
        Assert.Equal(3L, await Count("commands", host));
        await _api.Database.ExecAsync("DROP TRIGGER test_refuse_delete ON commands");
    }

    private static string CultureInfo(FormattableString s) => s.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async Task PostBash(HttpClient client, string host, int count)
    {
        var now = DateTimeOffset.UtcNow;
        var sb = new StringBuilder();
        for (var i = 0; i < count; i++) sb.Append(CultureInfo($"{now.AddMilliseconds(-i):O} {host} dave: dave [{100 + i}]: echo {i} [0]\n"));
        var r = await client.PostAsync($"/api/v1/ingest?host={host}&source=/var/log/commands.log", new StringContent(sb.ToString(), Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
    }

    private Task<long> Count(string table, string host) =>
        _api.Database.ScalarAsync<long>($"SELECT count(*) FROM {table} WHERE host = @h", ("h", host));

    private static async Task<string?> AssertHealth(HttpClient client, string status)
    {
        var r = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        Assert.Equal(status, doc.RootElement.GetProperty("status").GetString());
        return doc.RootElement.GetProperty("reason").GetString();
    }
}
