using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Audit.Api.Hosting;
using Audit.Infrastructure.Keys;
using Audit.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

namespace Audit.Tests.Api;

/// <summary>A primary and a real hot standby of it (<c>pg_basebackup -R</c>), private to these tests.</summary>
public sealed class StreamingReplicaFixture : IAsyncLifetime
{
    public PostgresCluster Primary { get; private set; } = null!;

    public PostgresCluster Standby { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Primary = await PostgresCluster.InitPrimaryAsync();
        Standby = await PostgresCluster.StartStandbyAsync(Primary);
    }

    /// <summary>Waits until the standby has replayed everything the primary has written so far.</summary>
    public async Task CaughtUpAsync()
    {
        var written = await Primary.ScalarAsync<NpgsqlLogSequenceNumber>("postgres", "SELECT pg_current_wal_lsn()");
        var replayed = await Eventually.ReachAsync(() => Standby.ScalarAsync<NpgsqlLogSequenceNumber>("postgres", "SELECT pg_last_wal_replay_lsn()"), l => l >= written, TimeSpan.FromSeconds(60));
        Assert.True(replayed >= written, $"the standby replayed up to {replayed}, the primary wrote up to {written}");
    }

    public async Task PauseReplayAsync()
    {
        await Standby.ScalarAsync<object>("postgres", "SELECT pg_wal_replay_pause()::text");
        var state = await Eventually.ReachAsync(() => Standby.ScalarAsync<string>("postgres", "SELECT pg_get_wal_replay_pause_state()"), s => s == "paused", TimeSpan.FromSeconds(30));
        Assert.Equal("paused", state);
    }

    public Task ResumeReplayAsync() => Standby.ScalarAsync<object>("postgres", "SELECT pg_wal_replay_resume()::text");

    public async Task DisposeAsync()
    {
        await Standby.DisposeAsync();
        await Primary.DisposeAsync();
    }
}

public sealed class ReadReplicaTests(StreamingReplicaFixture pair) : IClassFixture<StreamingReplicaFixture>
{
    [Fact]
    public async Task Queries_exports_and_the_console_read_the_standby_while_ingest_and_the_query_log_write_to_the_primary()
    {
        var api = await StartApiAsync(maxLagSeconds: 0);
        try
        {
            using var client = api.CreateClientWithKey();
            var seen = Unique.Host();
            await IngestAsync(api, seen, 3);
            await pair.CaughtUpAsync();
            using (var r = await client.GetAsync($"/api/v1/commands?host={seen}"))
            {
                Assert.Equal("replica", Header(r, ReadReplicaRouting.SourceHeader));
                Assert.Equal(3, await ItemsAsync(r));
            }

            await pair.PauseReplayAsync();
            var unseen = Unique.Host();
            await IngestAsync(api, unseen, 4); // accepted and parsed: the primary takes writes while the standby stands still
            Assert.Equal(4L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM commands WHERE host = @h", ("h", unseen)));

            using (var r = await client.GetAsync($"/api/v1/commands?host={unseen}"))
            {
                Assert.Equal(HttpStatusCode.OK, r.StatusCode);
                Assert.Equal("replica", Header(r, ReadReplicaRouting.SourceHeader));
                Assert.True(double.Parse(Header(r, ReadReplicaRouting.LagHeader)!, CultureInfo.InvariantCulture) > 0, "a paused standby is behind");
                Assert.Equal(0, await ItemsAsync(r));
            }

            using (var export = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/commands?host={unseen}"))
            {
                export.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
                using var r = await client.SendAsync(export);
                Assert.Equal("replica", Header(r, ReadReplicaRouting.SourceHeader));
                var csv = (await r.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
                Assert.Single(csv); // the header row alone
            }

            using (var console = await ConsoleClientAsync(api))
            using (var page = await console.GetAsync($"/ui/search?q={unseen}-marker&from={DateTimeOffset.UtcNow.AddHours(-1):yyyy-MM-ddTHH:mm:ssZ}&to={DateTimeOffset.UtcNow.AddHours(1):yyyy-MM-ddTHH:mm:ssZ}"))
            {
                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
                Assert.Equal("replica", Header(page, ReadReplicaRouting.SourceHeader));
                Assert.DoesNotContain($"{unseen}-marker-0", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            // A read that takes its data source itself (not the EF context): the raw line is not there yet either.
            var rawId = await api.Database.ScalarAsync<long>("SELECT min(raw_id) FROM commands WHERE host = @h", ("h", unseen));
            using (var r = await client.GetAsync($"/api/v1/raw/{rawId}?for={unseen}"))
            {
                Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
                Assert.Equal("replica", Header(r, ReadReplicaRouting.SourceHeader));
            }

            // Each of those reads was recorded, on the primary; the standby has not replayed the records.
            var recorded = $"SELECT count(*) FROM query_log WHERE query LIKE '%{unseen}%'";
            Assert.Equal(4L, await Eventually.ReachAsync(() => api.Database.ScalarAsync<long>(recorded), n => n >= 4, TimeSpan.FromSeconds(10)));
            Assert.Equal(0L, await pair.Standby.ScalarAsync<long>(api.Database.Name, recorded));

            using (var health = JsonDocument.Parse(await client.GetStringAsync("/health")))
            {
                var replica = health.RootElement.GetProperty("replica");
                Assert.Equal("ok", health.RootElement.GetProperty("status").GetString());
                Assert.Equal("replica", replica.GetProperty("serving").GetString());
                Assert.True(replica.GetProperty("inRecovery").GetBoolean());
                Assert.True(replica.GetProperty("replayPaused").GetBoolean());
                Assert.True(replica.GetProperty("lagSeconds").GetDouble() > 0);
            }

            await pair.ResumeReplayAsync();
            var caughtUp = await Eventually.ReachAsync(async () =>
            {
                using var r = await client.GetAsync($"/api/v1/commands?host={unseen}");
                return (Source: Header(r, ReadReplicaRouting.SourceHeader), Items: await ItemsAsync(r));
            }, x => x.Items == 4, TimeSpan.FromSeconds(30));
            Assert.Equal(("replica", 4), caughtUp);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/raw/{rawId}")).StatusCode);
        }
        finally
        {
            await pair.ResumeReplayAsync();
            await ((IAsyncLifetime)api).DisposeAsync();
        }
    }

    [Fact]
    public async Task Reads_go_to_the_primary_while_the_standby_is_further_behind_than_allowed_and_return_when_it_catches_up()
    {
        var api = await StartApiAsync(maxLagSeconds: 1);
        try
        {
            using var client = api.CreateClientWithKey();
            await pair.PauseReplayAsync();
            var host = Unique.Host();
            await IngestAsync(api, host, 2);

            var fallback = await Eventually.ReachAsync(() => ReadAsync(client, host), x => x.Source == "primary", TimeSpan.FromSeconds(30));
            Assert.Equal(("primary", 2, (string?)null), fallback);
            using (var health = JsonDocument.Parse(await client.GetStringAsync("/health")))
            {
                Assert.Equal("degraded", health.RootElement.GetProperty("status").GetString());
                Assert.StartsWith("reads go to the primary: the standby is", health.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
                Assert.Equal("primary", health.RootElement.GetProperty("replica").GetProperty("serving").GetString());
            }

            await pair.ResumeReplayAsync();
            // Back on the standby once it is within the limit again; the lag is that of its last replayed
            // commit, so the first answers from it may still predate the parse (and an asynchronous parse
            // commit reaches the standby only when the WAL writer flushes it), hence both conditions.
            var back = await Eventually.ReachAsync(() => ReadAsync(client, host), x => x.Source == "replica" && x.Items == 2, TimeSpan.FromSeconds(30));
            Assert.Equal(("replica", 2), (back.Source, back.Items));
        }
        finally
        {
            await pair.ResumeReplayAsync();
            await ((IAsyncLifetime)api).DisposeAsync();
        }
    }

    [Fact]
    public async Task The_read_login_can_select_the_audit_data_and_nothing_else()
    {
        var api = await StartApiAsync(maxLagSeconds: 0);
        try
        {
            // On the primary, where writes would otherwise be possible.
            var reader = new NpgsqlConnectionStringBuilder(api.Settings["ConnectionStrings:AuditRead"]) { Host = "127.0.0.1", Port = pair.Primary.Port, Pooling = false }.ConnectionString;
            await using var conn = new NpgsqlConnection(reader);
            await conn.OpenAsync();
            await using (var select = new NpgsqlCommand("SELECT count(*) FROM commands", conn))
            {
                Assert.Equal(0L, await select.ExecuteScalarAsync());
            }

            foreach (var refused in new[]
            {
                "INSERT INTO query_log (at, actor, method, path, query, status, duration_ms) VALUES (now(), 'x', 'GET', '/', '', 200, 0)",
                "DELETE FROM commands",
                "SELECT count(*) FROM api_keys",
                "SELECT count(*) FROM service_secrets",
                "SELECT count(*) FROM console_sessions",
            })
            {
                await using var cmd = new NpgsqlCommand(refused, conn);
                var e = await Assert.ThrowsAsync<PostgresException>(() => cmd.ExecuteNonQueryAsync());
                Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, e.SqlState);
            }
        }
        finally
        {
            await ((IAsyncLifetime)api).DisposeAsync();
        }
    }

    /// <summary>The API on a fresh database of the private primary, reading from the standby as a member of audit_reader.</summary>
    private async Task<AuditApiFactory> StartApiAsync(double maxLagSeconds)
    {
        var api = new AuditApiFactory { DatabaseServer = pair.Primary.Server };
        await api.StartAsync();
        var reader = api.Database.Name + "_read";
        await api.Database.ExecAsync($"CREATE ROLE \"{reader}\" LOGIN IN ROLE audit_reader");
        api.Settings["ConnectionStrings:AuditRead"] = new NpgsqlConnectionStringBuilder(pair.Standby.Server) { Database = api.Database.Name, Username = reader }.ConnectionString;
        api.Settings["ReadReplica:MaxLagSeconds"] = maxLagSeconds.ToString(CultureInfo.InvariantCulture);
        await pair.CaughtUpAsync(); // the database and the login exist on the standby too
        return api;
    }

    private static async Task IngestAsync(AuditApiFactory api, string host, int count)
    {
        var now = DateTimeOffset.UtcNow;
        var body = new StringBuilder();
        for (var i = 0; i < count; i++) body.Append(CultureInfo.InvariantCulture, $"{now.AddSeconds(-i):O} {host} frank: frank [9]: echo {host}-marker-{i} [0]\n");
        using var client = api.CreateClientWithKey();
        using var r = await client.PostAsync($"/api/v1/ingest?host={host}&source=/var/log/commands.log", new StringContent(body.ToString(), Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        Assert.Equal(count, await api.ParseAllAsync());
    }

    private static async Task<(string? Source, int Items, string? Lag)> ReadAsync(HttpClient client, string host)
    {
        using var r = await client.GetAsync($"/api/v1/commands?host={host}");
        return (Header(r, ReadReplicaRouting.SourceHeader), await ItemsAsync(r), Header(r, ReadReplicaRouting.LagHeader));
    }

    private static async Task<int> ItemsAsync(HttpResponseMessage r)
    {
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("items").GetArrayLength();
    }

    private static string? Header(HttpResponseMessage r, string name) => r.Headers.TryGetValues(name, out var v) ? string.Join(",", v) : null;

    private static async Task<HttpClient> ConsoleClientAsync(AuditApiFactory api)
    {
        var token = await api.Services.GetRequiredService<ConsoleSessionStore>().OpenAsync(null, AuditApiFactory.AdminKey, TimeSpan.FromMinutes(10), CancellationToken.None);
        var client = api.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("Cookie", $"audit_console={token}");
        return client;
    }
}
