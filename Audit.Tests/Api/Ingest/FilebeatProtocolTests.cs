using System.Net;
using System.Text.Json;
using Audit.Tests.Support;

namespace Audit.Tests.Api.Ingest;

/// <summary>
/// Filebeat is not in Debian, so its exchange is replayed: the exact requests libbeat sends
/// (<see cref="FilebeatRequests"/>), and our answers read the way libbeat reads them (<see cref="BeatsClientModel"/>).
/// </summary>
public sealed class FilebeatProtocolTests(ElasticApiFixture api) : IClassFixture<ElasticApiFixture>
{
    [Theory]
    [InlineData("8.15.0", false)]
    [InlineData("8.15.0", true)]
    [InlineData("8.19.3", false)]
    [InlineData("7.17.9", true)]
    public async Task Handshake_passes_filebeats_version_and_licence_checks(string beatVersion, bool olderBeatReadsLicenceMode)
    {
        using var client = api.Host.Client();
        using var ping = await client.SendAsync(FilebeatRequests.Ping(api.IngestKey, beatVersion));
        var (version, error) = BeatsClientModel.Ping((int)ping.StatusCode, await ping.Content.ReadAsByteArrayAsync());
        Assert.Null(error);
        Assert.Equal("Elasticsearch", ping.Headers.GetValues("X-Elastic-Product").Single());
        Assert.False(BeatsClientModel.IsTooOld(version!, beatVersion, allowOlderVersions: false));

        using var license = await client.SendAsync(FilebeatRequests.License(api.IngestKey, beatVersion));
        Assert.Null(BeatsClientModel.CheckLicense((int)license.StatusCode, await license.Content.ReadAsByteArrayAsync(), olderBeatReadsLicenceMode));
    }

    [Fact]
    public async Task Reported_version_is_configurable_for_beats_newer_than_the_default()
    {
        using var client = api.Host.Client();
        using var ping = await client.SendAsync(FilebeatRequests.Ping(api.IngestKey, "9.1.0"));
        var (version, _) = BeatsClientModel.Ping((int)ping.StatusCode, await ping.Content.ReadAsByteArrayAsync());
        Assert.True(BeatsClientModel.IsTooOld(version!, "9.1.0", allowOlderVersions: false));
        Assert.False(BeatsClientModel.IsTooOld(version!, "9.1.0", allowOlderVersions: true));

        await using var newer = new ShipperApiHost(api.Database, new Dictionary<string, string?> { ["Elastic:VersionNumber"] = "9.1.0" });
        using var newerClient = newer.Client();
        using var ping9 = await newerClient.SendAsync(FilebeatRequests.Ping(api.IngestKey, "9.1.0"));
        var (version9, error9) = BeatsClientModel.Ping((int)ping9.StatusCode, await ping9.Content.ReadAsByteArrayAsync());
        Assert.Null(error9);
        Assert.Equal("9.1.0", version9);
        Assert.False(BeatsClientModel.IsTooOld(version9!, "9.1.0", allowOlderVersions: false));
    }

    [Theory]
    [InlineData(false, FilebeatRequests.FilterPath8)]
    [InlineData(true, FilebeatRequests.FilterPath8)]
    [InlineData(true, FilebeatRequests.FilterPathLegacy)]
    public async Task Bulk_is_acknowledged_and_a_resend_is_absorbed_as_duplicates(bool gzip, string filterPath)
    {
        var host = Unique.Host("fb");
        var now = DateTimeOffset.UtcNow;
        var events = Enumerable.Range(0, 3)
            .Select(i => FilebeatRequests.Event(host, "/var/log/auth.log", i * 90L, $"{now:MMM dd HH:mm:ss} {host} sshd[{100 + i}]: Accepted publickey for bob from 10.1.2.{i} port 5{i}000 ssh2", now))
            .ToList();
        using var client = api.Host.Client();

        using var first = await client.SendAsync(FilebeatRequests.Bulk(api.IngestKey, events, gzip, filterPath));
        var firstBody = await first.Content.ReadAsByteArrayAsync();
        Assert.Equal(new BeatsClientModel.BulkOutcome(3, 0, 0, 0, false), BeatsClientModel.Classify((int)first.StatusCode, firstBody, 3));
        using (var doc = JsonDocument.Parse(firstBody))
        {
            // filter_path leaves exactly what Beats asked for.
            Assert.Equal(["errors", "items"], doc.RootElement.EnumerateObject().Select(p => p.Name));
            Assert.All(doc.RootElement.GetProperty("items").EnumerateArray(), i => Assert.Equal("{\"create\":{\"status\":201}}", i.GetRawText()));
        }

        using var again = await client.SendAsync(FilebeatRequests.Bulk(api.IngestKey, events, gzip, filterPath));
        Assert.Equal(new BeatsClientModel.BulkOutcome(0, 3, 0, 0, false), BeatsClientModel.Classify((int)again.StatusCode, await again.Content.ReadAsByteArrayAsync(), 3));
        Assert.Equal(3L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM raw_lines WHERE host = @h", ("h", host)));
    }

    [Fact]
    public async Task Fingerprint_id_is_the_dedup_key()
    {
        var host = Unique.Host("fbid");
        var e = FilebeatRequests.Event(host, "/var/log/auth.log", 0, "same line", DateTimeOffset.UtcNow);
        using var client = api.Host.Client();
        using var a = await client.SendAsync(FilebeatRequests.Bulk(api.IngestKey, [e], gzip: true, id: "fp-" + host));
        var moved = e.Replace("\"offset\":0", "\"offset\":1234", StringComparison.Ordinal); // same _id, other offset
        using var b = await client.SendAsync(FilebeatRequests.Bulk(api.IngestKey, [moved], gzip: true, id: "fp-" + host));
        Assert.Equal(1, BeatsClientModel.Classify((int)a.StatusCode, await a.Content.ReadAsByteArrayAsync(), 1).Acked);
        Assert.Equal(1, BeatsClientModel.Classify((int)b.StatusCode, await b.Content.ReadAsByteArrayAsync(), 1).Duplicates);
        Assert.Equal(1L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM raw_lines WHERE host = @h", ("h", host)));
    }

    [Fact]
    public async Task Without_a_valid_key_filebeat_is_refused_as_by_elasticsearch()
    {
        using var client = api.Host.Client();
        foreach (var key in new string?[] { null, "audit_not-a-real-key" })
        {
            using var ping = await client.SendAsync(FilebeatRequests.Ping(key));
            Assert.Equal(HttpStatusCode.Unauthorized, ping.StatusCode);
            Assert.Equal("Elasticsearch", ping.Headers.GetValues("X-Elastic-Product").Single());
            Assert.Contains("Basic", ping.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            using var doc = JsonDocument.Parse(await ping.Content.ReadAsStringAsync());
            Assert.Equal("security_exception", doc.RootElement.GetProperty("error").GetProperty("type").GetString());
            Assert.NotNull(BeatsClientModel.Ping((int)ping.StatusCode, []).Error);
        }
    }

    [Fact]
    public async Task Oversized_bulk_is_answered_413_so_filebeat_splits_it()
    {
        var host = Unique.Host("fbbig");
        var big = new string('x', 600_000);
        var events = Enumerable.Range(0, 8).Select(i => FilebeatRequests.Event(host, "/var/log/big.log", i, big, DateTimeOffset.UtcNow));
        using var client = api.Host.Client();
        using var r = await client.SendAsync(FilebeatRequests.Bulk(api.IngestKey, events, gzip: true));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
        Assert.True(BeatsClientModel.Classify((int)r.StatusCode, [], 8).Split);
        Assert.Equal(0L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM raw_lines WHERE host = @h", ("h", host)));
    }

    [Theory]
    [InlineData("GET", "/_ilm/policy/filebeat")]
    [InlineData("PUT", "/_ilm/policy/filebeat")]
    [InlineData("HEAD", "/_index_template/filebeat-8.15.0")]
    [InlineData("PUT", "/_index_template/filebeat-8.15.0")]
    [InlineData("GET", "/_data_stream/filebeat-8.15.0")]
    [InlineData("PUT", "/_data_stream/filebeat-8.15.0")]
    [InlineData("GET", "/_ingest/pipeline/filebeat-8.15.0-system-auth-pipeline")]
    [InlineData("PUT", "/_ingest/pipeline/filebeat-8.15.0-system-auth-pipeline")]
    [InlineData("GET", "/_nodes/ingest")]
    [InlineData("GET", "/_xpack")]
    [InlineData("PUT", "/_template/filebeat-7.17.9")]
    [InlineData("HEAD", "/_alias/filebeat-7.17.9")]
    public async Task Index_management_calls_succeed_without_effect(string method, string path)
    {
        using var client = api.Host.Client();
        using var r = await client.SendAsync(FilebeatRequests.Setup(new HttpMethod(method), path, api.IngestKey));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("Elasticsearch", r.Headers.GetValues("X-Elastic-Product").Single());
        if (method != "HEAD") Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.ValueKind);
    }
}
