using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Audit.Api.Ingest;
using Audit.Tests.Support;
using Npgsql;

namespace Audit.Tests.Api.Ingest;

/// <summary>
/// Back-pressure answers per shipper (SHIPPERS.md): while the parse backlog is over its bound or the
/// database is away, each shipper is refused in the one form it retries.
/// </summary>
public sealed class PushbackTests
{
    private const string Beats = "Elastic-Filebeat/8.15.0 (linux; amd64; Unmanaged; Privileged)";
    private const string SyslogNg = "syslog-ng 3.38.1/libcurl 7.88.1";

    private static string Body(string host, int n) => string.Concat(Enumerable.Range(0, n).Select(i =>
        $"{{\"create\":{{\"_index\":\"x\",\"_id\":\"{host}-{i}\"}}}}\n{{\"message\":\"m{i}\",\"host\":\"{host}\"}}\n"));

    private static async Task<(HttpStatusCode Status, string? RetryAfter, string Body)> SendAsync(HttpClient client, string? agent, string key, string body)
    {
        using var req = new HttpRequestMessage(HttpMethod.Post, "/_bulk") { Content = new StringContent(body, Encoding.UTF8, "application/x-ndjson") };
        req.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("u:" + key)));
        if (agent is not null) req.Headers.TryAddWithoutValidation("User-Agent", agent);
        using var r = await client.SendAsync(req);
        return (r.StatusCode, r.Headers.RetryAfter?.ToString(), await r.Content.ReadAsStringAsync());
    }

    private static async Task AssertEachShipperIsPushedBackAsync(ShipperApiHost api, string key, TestDatabase db)
    {
        var host = Unique.Host("push");
        using var client = api.Client();

        var beats = await SendAsync(client, Beats, key, Body(host, 3));
        Assert.Equal(HttpStatusCode.TooManyRequests, beats.Status);
        Assert.NotNull(beats.RetryAfter);
        Assert.Equal(new BeatsClientModel.BulkOutcome(0, 0, 3, 0, false), BeatsClientModel.Classify(429, Encoding.UTF8.GetBytes(beats.Body), 3));

        var syslogNg = await SendAsync(client, SyslogNg, key, Body(host, 3));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, syslogNg.Status);
        Assert.NotNull(syslogNg.RetryAfter);

        var rsyslog = await SendAsync(client, null, key, Body(host, 4) + "{\"delete\":{\"_id\":\"d\"}}\n");
        Assert.Equal(HttpStatusCode.OK, rsyslog.Status);
        using (var doc = JsonDocument.Parse(rsyslog.Body))
        {
            Assert.True(doc.RootElement.GetProperty("errors").GetBoolean());
            var items = doc.RootElement.GetProperty("items").EnumerateArray().Select(i => i.EnumerateObject().Single()).ToList();
            Assert.Equal(["create", "create", "create", "create", "delete"], items.Select(i => i.Name));
            Assert.All(items, i => Assert.Equal(429, i.Value.GetProperty("status").GetInt32()));
        }

        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM raw_lines WHERE host = @h", ("h", host)));
    }

    [Fact]
    public async Task Over_the_backlog_bound_each_shipper_is_refused_in_the_form_it_retries_until_the_backlog_drains()
    {
        await using var db = await TestDatabase.CreateAsync("audit_test_push");
        await using var api = new ShipperApiHost(db, new Dictionary<string, string?>
        {
            ["Ingest:MaxBacklogLines"] = "1",
            ["Elastic:ItemRetryDelayMs"] = "0",
        });
        var key = await api.CreateIngestKeyAsync();
        using var client = api.Client();

        var filler = Unique.Host("fill");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, Beats, key, Body(filler, 2))).Status);
        await api.Backlog.RefreshAsync(CancellationToken.None);
        Assert.True(api.Backlog.Overloaded);

        await AssertEachShipperIsPushedBackAsync(api, key, db);
        Assert.Equal(1, api.Pushbacks.Count(ShipperKind.Beats));
        Assert.Equal(1, api.Pushbacks.Count(ShipperKind.SyslogNg));
        Assert.Equal(1, api.Pushbacks.Count(ShipperKind.Rsyslog));

        await api.ParseAllAsync();
        Assert.False(api.Backlog.Overloaded);
        var after = await SendAsync(client, Beats, key, Body(Unique.Host("after"), 1));
        Assert.Equal(new BeatsClientModel.BulkOutcome(1, 0, 0, 0, false), BeatsClientModel.Classify((int)after.Status, Encoding.UTF8.GetBytes(after.Body), 1));
    }

    [Fact]
    public async Task With_the_database_away_each_shipper_is_refused_in_the_form_it_retries_even_before_its_key_is_checked()
    {
        await using var db = await TestDatabase.CreateAsync("audit_test_dbaway");
        var server = new NpgsqlConnectionStringBuilder(db.ConnectionString);
        await using var proxy = new TcpProxy(TestDatabase.ServerEndPoint()); // a name, an address or a Unix socket
        proxy.Start();
        server.Host = "127.0.0.1";
        server.Port = proxy.Port;
        server.Pooling = false; // every call opens a fresh connection, so the outage is seen at once

        string cachedKey, uncachedKey;
        await using (var setup = new ShipperApiHost(db))
        {
            cachedKey = await setup.CreateIngestKeyAsync("cached");
            uncachedKey = await setup.CreateIngestKeyAsync("uncached");
        }

        await using var api = new ShipperApiHost(db, new Dictionary<string, string?>
        {
            ["ConnectionStrings:Audit"] = server.ConnectionString,
            ["Elastic:ItemRetryDelayMs"] = "0",
        });
        using var client = api.Client();
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, Beats, cachedKey, Body(Unique.Host("warm"), 1))).Status); // the key is now cached

        proxy.Stop();
        await api.Backlog.RefreshAsync(CancellationToken.None);
        Assert.False(api.Backlog.DatabaseUp);
        await AssertEachShipperIsPushedBackAsync(api, cachedKey, db);
        await AssertEachShipperIsPushedBackAsync(api, uncachedKey, db);

        proxy.Start();
        await api.Backlog.RefreshAsync(CancellationToken.None);
        var host = Unique.Host("back");
        var back = await SendAsync(client, null, uncachedKey, Body(host, 2));
        Assert.Equal(HttpStatusCode.OK, back.Status);
        Assert.Equal(2L, await db.ScalarAsync<long>("SELECT count(*) FROM raw_lines WHERE host = @h", ("h", host)));
    }
}
