using System.Globalization;
using System.Text.Json;
using Audit.Infrastructure.Ingest;
using Audit.Infrastructure.Redis;
using Audit.Tests.Api.Ingest;
using Audit.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Audit.Tests.Redis;

/// <summary>
/// The consumer for the classic Filebeat → Redis pipeline against a real redis-server: entries are
/// committed exactly once and leave Redis only after our commit, across crashes and back-pressure.
/// </summary>
public sealed class RedisListConsumerTests
{
    private const int Db = 1; // classic output.redis configurations use db: 1
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>An event as Filebeat's output.redis pushes it (the Elasticsearch document plus @metadata).</summary>
    private static string Entry(string host, int i)
    {
        var doc = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(FilebeatRequests.Event(host, "/var/log/auth.log", i * 100L,
            $"Mar  1 10:00:{i % 60:D2} {host} sshd[{1000 + i}]: Accepted publickey for user{i} from 10.0.0.1 port {20000 + i} ssh2", DateTimeOffset.UtcNow))!;
        doc["@metadata"] = JsonSerializer.SerializeToElement(new { beat = "filebeat", type = "_doc", version = "8.15.0" });
        return JsonSerializer.Serialize(doc);
    }

    private static Dictionary<string, string?> Settings(RedisServer redis, params (string, string?)[] extra)
    {
        var s = new Dictionary<string, string?>
        {
            ["Redis:Enabled"] = "true",
            ["Redis:ConnectionString"] = redis.ConnectionString,
            ["Redis:Database"] = Db.ToString(CultureInfo.InvariantCulture),
            ["Redis:BatchSize"] = "100",
            ["Redis:IdleDelayMs"] = "50",
            ["Redis:RetryDelayMs"] = "100",
        };
        foreach (var (k, v) in extra) s[k] = v;
        return s;
    }

    private static Task<long> CountAsync(TestDatabase db, string host) =>
        db.ScalarAsync<long>("SELECT count(*) FROM raw_lines WHERE host = @h", ("h", host));

    private static async Task AssertExactlyOnceAsync(TestDatabase db, RedisServer redis, string host, int total)
    {
        var n = await Eventually.ReachAsync(() => CountAsync(db, host), c => c >= total, Deadline);
        Assert.Equal(total, n);
        var lists = redis.Client.GetDatabase(Db);
        await Eventually.ReachAsync(() => lists.ListLengthAsync("filebeat:audit-processing"), c => c == 0, TimeSpan.FromSeconds(5));
        Assert.Equal(0, await lists.ListLengthAsync("filebeat"));
        Assert.Equal(0, await lists.ListLengthAsync("filebeat:audit-processing"));
        Assert.Equal(total, await db.ScalarAsync<long>("SELECT count(DISTINCT line) FROM raw_lines WHERE host = @h", ("h", host)));
    }

    [Fact]
    public async Task Filebeat_entries_are_committed_once_and_then_leave_redis()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var db = await TestDatabase.CreateAsync("audit_test_redis");
        var host = Unique.Host("redis");
        await redis.Client.GetDatabase(Db).ListRightPushAsync("filebeat", Enumerable.Range(0, 1000).Select(i => (RedisValue)Entry(host, i)).ToArray());

        await using var api = new ShipperApiHost(db, Settings(redis));
        _ = api.Services; // start the host
        await AssertExactlyOnceAsync(db, redis, host, 1000);
        Assert.Equal("redis", await db.ScalarAsync<string>("SELECT DISTINCT endpoint FROM raw_batches WHERE id IN (SELECT id >> 24 FROM raw_lines WHERE host = @h)", ("h", host)));
        var line = await db.ScalarAsync<string>("SELECT source FROM raw_lines WHERE host = @h LIMIT 1", ("h", host));
        Assert.Equal("/var/log/auth.log", line);
    }

    [Fact]
    public async Task Entries_a_crash_left_in_processing_after_their_commit_are_not_stored_twice()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var db = await TestDatabase.CreateAsync("audit_test_redis_crash");
        var host = Unique.Host("crash");
        var lists = redis.Client.GetDatabase(Db);
        var committedBeforeCrash = Enumerable.Range(0, 50).Select(i => Entry(host, i)).ToList();

        // The state a crash between COMMIT and the removal leaves: the batch is stored and still in processing.
        await using (var before = new ShipperApiHost(db))
        {
            var lines = committedBeforeCrash.Select(e => RedisListConsumer.Decode(System.Text.Encoding.UTF8.GetBytes(e))).ToList();
            await before.Services.GetRequiredService<RawBatchWriter>().WriteAsync(new IngestBatch("redis", null, null, lines), CancellationToken.None);
        }

        await lists.ListRightPushAsync("filebeat:audit-processing", committedBeforeCrash.Select(e => (RedisValue)e).ToArray());
        await lists.ListRightPushAsync("filebeat", Enumerable.Range(50, 50).Select(i => (RedisValue)Entry(host, i)).ToArray());
        Assert.Equal(50, await CountAsync(db, host));

        await using var api = new ShipperApiHost(db, Settings(redis));
        _ = api.Services;
        await AssertExactlyOnceAsync(db, redis, host, 100);
    }

    [Fact]
    public async Task Stopping_and_restarting_the_consumer_mid_stream_loses_and_doubles_nothing()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var db = await TestDatabase.CreateAsync("audit_test_redis_restart");
        var host = Unique.Host("restart");
        // Enough that three stops land mid-stream on a fast machine too: a round commits for as long as its
        // host takes to start and stop (about 1,500 entries in 20-entry batches on a quiet 2-core box).
        const int total = 30_000;
        await redis.Client.GetDatabase(Db).ListRightPushAsync("filebeat", Enumerable.Range(0, total).Select(i => (RedisValue)Entry(host, i)).ToArray());

        var lists = redis.Client.GetDatabase(Db);
        for (var round = 0; round < 3; round++)
        {
            var seen = await CountAsync(db, host);
            await using (var api = new ShipperApiHost(db, Settings(redis, ("Redis:BatchSize", "20"))))
            {
                _ = api.Services;
                await Eventually.ReachAsync(() => CountAsync(db, host), c => c > seen, Deadline, TimeSpan.FromMilliseconds(20));
            }

            // The stop came mid-stream: this round committed something, and entries were still waiting.
            var stored = await CountAsync(db, host);
            var waiting = await lists.ListLengthAsync("filebeat") + await lists.ListLengthAsync("filebeat:audit-processing");
            Assert.True(stored > seen, $"round {round} committed nothing before its stop");
            Assert.True(waiting > 0 && stored < total, $"round {round} stopped after the stream ended ({stored} stored, {waiting} waiting)");
        }

        await using var last = new ShipperApiHost(db, Settings(redis));
        _ = last.Services;
        await AssertExactlyOnceAsync(db, redis, host, total);
    }

    [Fact]
    public async Task Under_back_pressure_entries_wait_in_redis_until_the_backlog_drains()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var db = await TestDatabase.CreateAsync("audit_test_redis_pressure");
        var host = Unique.Host("pressure");
        const int total = 600;
        await redis.Client.GetDatabase(Db).ListRightPushAsync("filebeat", Enumerable.Range(0, total).Select(i => (RedisValue)Entry(host, i)).ToArray());

        await using var api = new ShipperApiHost(db, Settings(redis, ("Ingest:MaxBacklogLines", "150")));
        _ = api.Services;
        var lists = redis.Client.GetDatabase(Db);
        await Eventually.ReachAsync(() => CountAsync(db, host), c => c > 150, Deadline);

        // The monitor has seen the backlog and the batch in flight is committed: from here nothing moves.
        Assert.True(await Eventually.ReachAsync(() => Task.FromResult(api.Backlog.Overloaded), o => o, Deadline), "the backlog monitor never saw the backlog");
        Assert.Equal(0, await Eventually.ReachAsync(() => lists.ListLengthAsync("filebeat:audit-processing"), c => c == 0, Deadline));
        var stalled = await CountAsync(db, host);
        Assert.True(stalled < total, $"all {total} entries were committed under back-pressure");
        Assert.True(await lists.ListLengthAsync("filebeat") > 0, "no entry waits in Redis under back-pressure");
        Assert.True(api.Backlog.Overloaded);

        await Eventually.ReachAsync(async () =>
        {
            await api.ParseAllAsync();
            return await CountAsync(db, host);
        }, c => c >= total, Deadline, TimeSpan.FromMilliseconds(300));
        await AssertExactlyOnceAsync(db, redis, host, total);
    }
}
