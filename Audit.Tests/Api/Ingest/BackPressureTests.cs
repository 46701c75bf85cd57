using System.Net;
using System.Text;
using Audit.Infrastructure.Ingest;
using Audit.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Audit.Tests.Api.Ingest;

/// <summary>Each test runs its own API host and database, since it pushes the service into trouble.</summary>
public sealed class BackPressureTests
{
    [Fact]
    public async Task Backlog_over_its_bound_answers_503_with_retry_after_and_recovers_after_parsing()
    {
        var api = new AuditApiFactory { Settings = { ["Ingest:MaxBacklogLines"] = "3" } };
        await api.StartAsync();
        await using (api)
        {
            using var client = api.CreateClientWithKey();
            var first = await client.PostAsync("/api/v1/ingest?host=bp", new StringContent("a\nb\nc\nd\n", Encoding.UTF8, "text/plain"));
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
            await Refresh(api);

            var refused = await client.PostAsync("/api/v1/ingest?host=bp", new StringContent("e\n", Encoding.UTF8, "text/plain"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("5", refused.Headers.GetValues("Retry-After").Single());

            await api.ParseAllAsync();
            await Refresh(api);
            var again = await client.PostAsync("/api/v1/ingest?host=bp", new StringContent("e\n", Encoding.UTF8, "text/plain"));
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
            Assert.Equal(5L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM raw_lines WHERE host = 'bp'"));
        }
    }

    [Fact]
    public async Task Database_away_answers_503_and_nothing_half_stored_then_recovers()
    {
        // The proxy forwards to wherever AUDIT_TEST_PG points (address, host name or Unix socket); the API reaches it on loopback.
        await using var proxy = new TcpProxy(TestDatabase.ServerEndPoint());
        proxy.Start();
        var api = new AuditApiFactory
        {
            ConnectionString = cs => new NpgsqlConnectionStringBuilder(cs) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 3, Pooling = false }.ConnectionString,
        };
        await api.StartAsync();
        await using (api)
        {
            using var client = api.CreateClientWithKey();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

            proxy.Stop();
            var refused = await client.PostAsync("/api/v1/ingest?host=down", new StringContent("x\n", Encoding.UTF8, "text/plain"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.True(refused.Headers.Contains("Retry-After"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health")).StatusCode);

            proxy.Start();
            await Refresh(api);
            var accepted = await client.PostAsync("/api/v1/ingest?host=down", new StringContent("x\n", Encoding.UTF8, "text/plain"));
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            Assert.Equal(1L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM raw_lines WHERE host = 'down'"));
        }
    }

    private static Task Refresh(AuditApiFactory api) => api.Services.GetRequiredService<BacklogMonitor>().RefreshAsync(CancellationToken.None);
}
