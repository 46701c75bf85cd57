using System.Net;
using System.Text;
using Audit.Infrastructure.Parsing;
using Audit.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Audit.Tests.Infrastructure.Parsing;

[Collection(ApiCollection.Name)]
public sealed class ParseJobTests(AuditApiFactory api)
{
    [Fact]
    public async Task Running_the_job_twice_stores_every_line_once()
    {
        var host = Unique.Host();
        await IngestBashLines(host, 300);
        await api.ParseAllAsync();
        await api.ParseAllAsync();
        using (var scope = api.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ParseJob>().RunAsync(0, CancellationToken.None);
        }

        Assert.Equal(300L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM commands WHERE host = @h", ("h", host)));
    }

    [Fact]
    public async Task A_job_killed_mid_way_loses_and_duplicates_nothing()
    {
        var host = Unique.Host();
        await IngestBashLines(host, 500);

        // Hold the commands table so the job blocks inside its transaction, then kill it there.
        await using (var blocker = await api.Database.DataSource.OpenConnectionAsync())
        await using (var tx = await blocker.BeginTransactionAsync())
        {
            await using (var lockCmd = new Npgsql.NpgsqlCommand("LOCK TABLE commands IN ACCESS EXCLUSIVE MODE", blocker, tx))
            {
                await lockCmd.ExecuteNonQueryAsync();
            }

            using var kill = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            using var scope = api.Services.CreateScope();
            var job = scope.ServiceProvider.GetRequiredService<ParseJob>();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => job.ParseNextChunkAsync(kill.Token));
            await tx.RollbackAsync();
        }

        Assert.Equal(0L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM commands WHERE host = @h", ("h", host)));
        Assert.True(await api.Database.ScalarAsync<long>("SELECT count(*) FROM parse_queue") > 0);

        // The killed session may hold its row locks for a moment while the server notices; the next
        // run (in production: the next signal or the minutely sweep) then takes the batch.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        do
        {
            await api.ParseAllAsync();
        }
        while (await api.Database.ScalarAsync<long>("SELECT count(*) FROM commands WHERE host = @h", ("h", host)) == 0 && DateTime.UtcNow < deadline && await Delay());

        Assert.Equal(500L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM commands WHERE host = @h", ("h", host)));
    }

    [Fact]
    public async Task Every_line_ends_parsed_noise_or_unparsed_with_a_reason()
    {
        var host = Unique.Host();
        using var client = api.CreateClientWithKey();
        var now = DateTimeOffset.UtcNow;
        var body = $"""
            {now:yyyy-MM-ddTHH:mm:ssK} {host} carol: carol [5]: uptime [0]
            {now:yyyy-MM-ddTHH:mm:ssK} {host} carol: carol [5]:  [0]
            this line has no syslog header at all
            """;
        var r = await client.PostAsync($"/api/v1/ingest?host={host}&source=/var/log/commands.log", new StringContent(body, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        await api.ParseAllAsync();

        await using var cmd = api.Database.DataSource.CreateCommand("""
            SELECT sum(p.lines), sum(p.parsed), sum(p.noise), sum(p.unparsed)
            FROM batch_parses p JOIN raw_batches b ON b.id = p.batch_id
            WHERE b.id IN (SELECT DISTINCT id >> 24 FROM raw_lines WHERE host = @h)
            """);
        cmd.Parameters.AddWithValue("h", host);
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((3L, 1L, 1L, 1L), (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
        Assert.Equal("no syslog header", await api.Database.ScalarAsync<string>("SELECT reason FROM unparsed_lines WHERE host = @h", ("h", host)));
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(200);
        return true;
    }

    private async Task IngestBashLines(string host, int count)
    {
        using var client = api.CreateClientWithKey();
        var now = DateTimeOffset.UtcNow;
        var sb = new StringBuilder();
        for (var i = 0; i < count; i++) sb.Append(now.AddMilliseconds(-i).ToString("yyyy-MM-ddTHH:mm:ss.fffK", System.Globalization.CultureInfo.InvariantCulture)).Append(' ').Append(host).Append(" dave: dave [100]: echo ").Append(i).Append(" [0]\n");
        var r = await client.PostAsync($"/api/v1/ingest?host={host}&source=/var/log/commands.log", new StringContent(sb.ToString(), Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
    }
}
