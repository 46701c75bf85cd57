using System.Net;
using System.Text;
using Audit.Infrastructure.Parsing;
using Audit.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Audit.Tests.Infrastructure.Parsing;

/// <summary>
/// Parse transactions commit without waiting for the WAL flush (ParseJob). These tests crash a real
/// PostgreSQL of their own (immediate stop: no shutdown checkpoint, unwritten WAL lost) right after a
/// parse commit and show that the lost commit is parsed again, once.
/// </summary>
public sealed class ParseCrashTests
{
    // The WAL writer writes an asynchronous commit within wal_writer_delay; the longest delay and no
    // autovacuum keep the commit in memory for the moment between the parse and the crash.
    private const string Settings = """
        wal_writer_delay = '10s'
        wal_writer_flush_after = '1GB'
        autovacuum = off
        """;

    [Fact]
    public async Task A_parse_commit_lost_in_a_crash_is_parsed_again_once_and_a_durable_one_is_not_repeated()
    {
        await using var cluster = await PostgresCluster.InitAsync(Settings);
        var api = new AuditApiFactory { DatabaseServer = cluster.UnpooledServer };
        await api.StartAsync();
        await using (api)
        {
            // The migrations left dead catalog rows; a query reading them later would prune them and write
            // WAL after the parse commit, which could complete the commit's WAL page and get it written.
            await api.Database.ExecAsync("VACUUM");
            var host = Unique.Host();
            await IngestBashLines(api, host, 500);
            Assert.Equal(500, await ParseOneChunkAsync(api));

            // The parse committed (its session saw it), but its commit record is not yet written out of
            // PostgreSQL's WAL buffers; a synchronous commit would have flushed it before returning.
            var written = await api.Database.ScalarAsync<bool>("SELECT pg_current_wal_lsn() >= pg_current_wal_insert_lsn()");
            Assert.False(written, "the parse commit was already written: the parse transaction waited for its WAL flush");
            Assert.Equal(500L, await CommandsAsync(api, host));
            await cluster.CrashAsync();
            await cluster.StartAsync();

            // Crash recovery dropped the parse with the queue removal it committed with: the batch is queued again.
            Assert.Equal(0L, await CommandsAsync(api, host));
            Assert.Equal(1L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM parse_queue"));
            Assert.Equal(0L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM batch_parses"));
            Assert.Equal(500, await api.ParseAllAsync());
            await AssertParsedOnceAsync(api, host, 500);
            await AssertBatchesRecordedOnceAsync(api, 1, 500);

            // A later synchronous commit (the next batch's ingest) flushes the WAL before it, the parse
            // included: that parse survives the next crash and a re-run finds nothing to do twice.
            var next = Unique.Host();
            await IngestBashLines(api, next, 200);
            await cluster.CrashAsync();
            await cluster.StartAsync();
            Assert.Equal(500L, await CommandsAsync(api, host));
            Assert.Equal(1L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM parse_queue"));
            Assert.Equal(200, await api.ParseAllAsync());
            Assert.Equal(0, await api.ParseAllAsync());
            await AssertParsedOnceAsync(api, host, 500);
            await AssertParsedOnceAsync(api, next, 200);
            await AssertBatchesRecordedOnceAsync(api, 2, 700);
        }
    }

    private static async Task<int> ParseOneChunkAsync(AuditApiFactory api)
    {
        using var scope = api.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ParseJob>().ParseNextChunkAsync(CancellationToken.None);
    }

    private static Task<long> CommandsAsync(AuditApiFactory api, string host) =>
        api.Database.ScalarAsync<long>("SELECT count(*) FROM commands WHERE host = @h", ("h", host));

    private static async Task AssertParsedOnceAsync(AuditApiFactory api, string host, long lines)
    {
        Assert.Equal(lines, await CommandsAsync(api, host));
        Assert.Equal(lines, await api.Database.ScalarAsync<long>("SELECT count(DISTINCT raw_id) FROM commands WHERE host = @h", ("h", host)));
        Assert.Equal(0L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM parse_queue"));
    }

    /// <summary>Each batch of this test's own database recorded as parsed once, with all its lines.</summary>
    private static async Task AssertBatchesRecordedOnceAsync(AuditApiFactory api, int batches, long lines)
    {
        Assert.Equal((long)batches, await api.Database.ScalarAsync<long>("SELECT count(DISTINCT batch_id) FROM batch_parses"));
        Assert.Equal((long)batches, await api.Database.ScalarAsync<long>("SELECT count(*) FROM batch_parses"));
        Assert.Equal(lines, await api.Database.ScalarAsync<long>("SELECT coalesce(sum(lines), 0) FROM batch_parses"));
    }

    private static async Task IngestBashLines(AuditApiFactory api, string host, int count)
    {
        using var client = api.CreateClientWithKey();
        var now = DateTimeOffset.UtcNow;
        var sb = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            sb.Append(now.AddMilliseconds(-i).ToString("yyyy-MM-ddTHH:mm:ss.fffK", System.Globalization.CultureInfo.InvariantCulture))
                .Append(' ').Append(host).Append(" dave: dave [100]: echo ").Append(i).Append(" [0]\n");
        }

        var r = await client.PostAsync($"/api/v1/ingest?host={host}&source=/var/log/commands.log", new StringContent(sb.ToString(), Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
    }
}
