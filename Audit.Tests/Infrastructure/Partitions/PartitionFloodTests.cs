using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Audit.Infrastructure.Partitions;
using Audit.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Audit.Tests.Infrastructure.Partitions;

/// <summary>
/// One request with 1,500 different dates must not create 1,500 partitions. Its own API and
/// database: partition counts are global.
/// </summary>
public sealed class PartitionFloodTests : IAsyncLifetime
{
    private const int Dates = 1500;
    private readonly AuditApiFactory _api = new();

    public Task InitializeAsync() => _api.StartAsync();

    public async Task DisposeAsync() => await ((IAsyncLifetime)_api).DisposeAsync();

    [Fact]
    public async Task A_request_with_1500_dates_creates_a_bounded_number_of_partitions_and_every_line_stays_queryable()
    {
        var host = Unique.Host("evil");
        var victim = Unique.Host("web");
        var options = new PartitionOptions();
        using var client = _api.CreateClientWithKey();
        var before = await CommandPartitions();
        var now = DateTimeOffset.UtcNow;
        var body = new StringBuilder();
        for (var i = 0; i < Dates; i++)
        {
            body.Append(CultureInfo.InvariantCulture, $"{now.AddDays(-i):O} {host} mal: mal [7]: echo day {i} [0]\n");
        }

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/v1/ingest?host={host}&source=/var/log/commands.log", new StringContent(body.ToString(), Encoding.UTF8, "text/plain"))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/v1/ingest?host={victim}&source=/var/log/commands.log",
            new StringContent($"{now:O} {victim} ann: ann [9]: uptime [0]\n", Encoding.UTF8, "text/plain"))).StatusCode);
        await _api.ParseAllAsync();

        var created = await CommandPartitions() - before;
        Assert.InRange(created, 0, options.MaxNewPerPass);
        Assert.Equal((long)Dates, await _api.Database.ScalarAsync<long>("SELECT count(*) FROM commands WHERE host = @h", ("h", host)));
        Assert.Equal(1L, await _api.Database.ScalarAsync<long>("SELECT count(*) FROM commands WHERE host = @h", ("h", victim)));

        // Queryable, also the days that wait in DEFAULT; the other host's page is as it was.
        using (var page = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/commands?host={host}&from={Uri.EscapeDataString(now.AddDays(-20.5).ToString("O"))}&to={Uri.EscapeDataString(now.AddMinutes(1).ToString("O"))}")))
        {
            Assert.Equal(21, page.RootElement.GetProperty("items").GetArrayLength());
        }

        using (var page = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/commands?host={victim}")))
        {
            Assert.Equal("uptime", Assert.Single(page.RootElement.GetProperty("items").EnumerateArray()).GetProperty("command").GetString());
        }

        // A 24 h window lies inside existing partitions: DEFAULT, where the flood waits, is not scanned.
        Assert.DoesNotContain("commands_default", await PlanAsync(host, now.AddHours(-24), now));
        Assert.Contains("commands_default", await PlanAsync(host, now.AddDays(-30), now));

        // Maintenance gives the waiting days of the window their own partitions, a bounded number per run.
        for (var run = 0; run < 10; run++)
        {
            var partitionsBefore = await CommandPartitions();
            using var scope = _api.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<PartitionMaintenanceJob>().RunAsync(CancellationToken.None);
            Assert.InRange(await CommandPartitions() - partitionsBefore, 0, options.MaxNewPerMaintenance);
        }

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var oldest = options.OldestOwnDay(today);
        Assert.Equal(0L, await _api.Database.ScalarAsync<long>("SELECT count(*) FROM commands_default WHERE occurred_at >= @d::timestamp AT TIME ZONE 'UTC'", ("d", oldest)));
        Assert.InRange(await CommandPartitions(), 0, options.MaxBackfillDays + options.DaysAhead + 3);
        Assert.Equal((long)Dates, await _api.Database.ScalarAsync<long>("SELECT count(*) FROM commands WHERE host = @h", ("h", host)));
    }

    private async Task<string> PlanAsync(string host, DateTimeOffset from, DateTimeOffset to)
    {
        await using var cmd = _api.Database.DataSource.CreateCommand("EXPLAIN SELECT * FROM commands WHERE host = @h AND occurred_at >= @f AND occurred_at < @t ORDER BY occurred_at DESC LIMIT 100");
        cmd.Parameters.AddWithValue("h", host);
        cmd.Parameters.AddWithValue("f", from);
        cmd.Parameters.AddWithValue("t", to);
        var plan = new StringBuilder();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) plan.AppendLine(r.GetString(0));
        return plan.ToString();
    }

    private Task<long> CommandPartitions() =>
        _api.Database.ScalarAsync<long>("SELECT count(*) FROM pg_inherits WHERE inhparent = 'commands'::regclass");
}
