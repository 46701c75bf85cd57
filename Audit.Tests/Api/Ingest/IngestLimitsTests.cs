using System.Net;
using System.Text;
using Audit.Tests.Support;
using StackExchange.Redis;

namespace Audit.Tests.Api.Ingest;

/// <summary>Ingest limits and the Redis consumer under hostile entries; each test runs its own host.</summary>
public sealed class IngestLimitsTests
{
    [Fact]
    public async Task A_key_over_its_rate_gets_429_with_retry_after_while_another_key_flows()
    {
        var api = new AuditApiFactory { Settings = { ["Ingest:RequestsPerSecondPerKey"] = "1", ["Ingest:BurstPerKey"] = "2" } };
        await api.StartAsync();
        await using (api)
        {
            using var admin = api.CreateClientWithKey();
            using var noisy = api.CreateClientWithKey(await HostileIngestTests.CreateIngestKeyAsync(admin, "noisy"));
            using var quiet = api.CreateClientWithKey(await HostileIngestTests.CreateIngestKeyAsync(admin, "quiet"));
            var host = Unique.Host("noisy");

            var statuses = new List<HttpStatusCode>();
            HttpResponseMessage? refused = null;
            for (var i = 0; i < 6 && refused is null; i++)
            {
                var r = await noisy.PostAsync($"/api/v1/ingest?host={host}", new StringContent($"line {i}\n", Encoding.UTF8, "text/plain"));
                statuses.Add(r.StatusCode);
                if (r.StatusCode == HttpStatusCode.TooManyRequests) refused = r;
            }

            Assert.NotNull(refused);
            Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
            var accepted = statuses.Count(s => s == HttpStatusCode.Accepted);
            Assert.True(accepted >= 2, string.Join(",", statuses));
            Assert.Equal((long)accepted, await api.Database.ScalarAsync<long>("SELECT count(*) FROM raw_lines WHERE host = @h", ("h", host)));

            var bulk = await noisy.PostAsync("/_bulk", new StringContent("{\"create\":{}}\n{\"message\":\"x\"}\n", Encoding.UTF8, "application/x-ndjson"));
            Assert.Equal(HttpStatusCode.TooManyRequests, bulk.StatusCode);

            var other = Unique.Host("quiet");
            Assert.Equal(HttpStatusCode.Accepted, (await quiet.PostAsync($"/api/v1/ingest?host={other}", new StringContent("ok\n", Encoding.UTF8, "text/plain"))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/health")).StatusCode);
        }
    }

    [Fact]
    public async Task Redis_entries_jsonb_refuses_are_stored_with_their_reason_and_leave_the_list()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var db = await TestDatabase.CreateAsync("audit_test_redis_hostile");
        var host = Unique.Host("redis-hostile");
        var list = redis.Client.GetDatabase(1);
        RedisValue[] entries =
        [
            $$$"""{"message":"good 1","host":{"name":"{{{host}}}"}}""",
            $$$"""{"message":"nul fields","host":{"name":"{{{host}}}"},"fields":{"k":"\u0000"}}""",
            $$$"""{"message":"surrogate","host":{"name":"{{{host}}}\ud800"},"fields":{"k":"\udfff"}}""",
            $$$"""{"message":"good 2","host":{"name":"{{{host}}}"}}""",
        ];
        await list.ListRightPushAsync("filebeat", entries);

        await using var api = new ShipperApiHost(db, new Dictionary<string, string?>
        {
            ["Redis:Enabled"] = "true",
            ["Redis:ConnectionString"] = redis.ConnectionString,
            ["Redis:Database"] = "1",
            ["Redis:IdleDelayMs"] = "50",
            ["Redis:RetryDelayMs"] = "100",
        });
        _ = api.Services;
        var n = await Eventually.ReachAsync(() => db.ScalarAsync<long>("SELECT count(*) FROM raw_lines WHERE host LIKE @h || '%'", ("h", host)), c => c >= 4, TimeSpan.FromSeconds(60));
        Assert.Equal(4L, n);
        await Eventually.ReachAsync(() => list.ListLengthAsync("filebeat:audit-processing"), c => c == 0, TimeSpan.FromSeconds(10));
        Assert.Equal(0, await list.ListLengthAsync("filebeat"));
        Assert.True(api.Backlog.DatabaseUp);
        Assert.Equal(2L, await db.ScalarAsync<long>("SELECT count(*) FROM raw_lines WHERE host LIKE @h || '%' AND fields ? 'audit_ingest_error'", ("h", host)));
        Assert.Equal(host + "\\ud800", await db.ScalarAsync<string>("SELECT host FROM raw_lines WHERE line = 'surrogate' AND host LIKE @h || '%'", ("h", host)));
    }
}
