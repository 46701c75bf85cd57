using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Audit.Tests.Support;

namespace Audit.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class StatsSeriesAndRawLineTests(AuditApiFactory api)
{
    private static string Iso(DateTimeOffset t) => Uri.EscapeDataString(t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));

    [Fact]
    public async Task Series_puts_each_event_in_its_bucket_and_ranks_failed_login_sources()
    {
        var host = Unique.Host();
        var from = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-1), TimeSpan.Zero).AddHours(6);
        string L(double hour, string rest) => $"{from.AddHours(hour):O} {host} {rest}";
        using var client = api.CreateClientWithKey();
        var commands = string.Join('\n', L(0.5, "kim: kim [1]: a [0]"), L(0.6, "kim: kim [1]: b [0]"), L(2.5, "kim: kim [1]: c [0]"));
        var auth = string.Join('\n',
            L(1.1, "sshd[9]: Failed password for root from 203.0.113.5 port 1000 ssh2"),
            L(1.2, "sshd[9]: Failed password for root from 203.0.113.5 port 1001 ssh2"),
            L(3.2, "sshd[9]: Failed password for root from 203.0.113.5 port 1002 ssh2"),
            L(3.3, "sshd[9]: Failed password for invalid user guest from 192.0.2.44 port 1003 ssh2"));
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/v1/ingest?host={host}&source=/var/log/commands.log", new StringContent(commands + "\n", Encoding.UTF8, "text/plain"))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/v1/ingest?host={host}&source=/var/log/auth.log", new StringContent(auth + "\n", Encoding.UTF8, "text/plain"))).StatusCode);
        await api.ParseAllAsync();

        using var doc = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/stats/series?host={host}&from={Iso(from)}&to={Iso(from.AddHours(4))}&buckets=4"));
        var root = doc.RootElement;
        Assert.Equal(4, root.GetProperty("buckets").GetArrayLength());
        double[] Values(JsonElement series, string name) =>
            series.EnumerateArray().Single(s => s.GetProperty("name").GetString() == name).GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal([2.0, 0, 1, 0], Values(root.GetProperty("eventsByKind"), "command"));
        Assert.Equal([0.0, 2, 0, 2], Values(root.GetProperty("eventsByKind"), "login"));
        var failed = root.GetProperty("failedLoginsBySourceIp");
        Assert.Equal(["203.0.113.5", "192.0.2.44"], failed.EnumerateArray().Select(s => s.GetProperty("name").GetString()!).ToArray());
        Assert.Equal([0.0, 2, 0, 1], Values(failed, "203.0.113.5"));

        // The ingest side covers the whole service over the last 24 h, this test's lines among them.
        using var recent = JsonDocument.Parse(await client.GetStringAsync("/api/v1/stats/series?buckets=6"));
        double[] One(string property) => recent.RootElement.GetProperty(property).GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var (parsed, median, longest) = (One("linesParsed"), One("lagMedianSeconds"), One("lagMaxSeconds"));
        Assert.True(parsed.Sum() >= commands.Split('\n').Length + auth.Split('\n').Length, $"lines parsed: {string.Join(", ", parsed)}");
        Assert.All(Enumerable.Range(0, 6), i => Assert.True(longest[i] >= median[i], $"bucket {i}: {parsed[i]} lines, median {median[i]}, max {longest[i]}"));

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/v1/stats/series?buckets=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/v1/stats/series?from=yesterday")).StatusCode);
    }

    [Fact]
    public async Task Any_entry_leads_to_its_raw_line()
    {
        var host = Unique.Host();
        using var client = api.CreateClientWithKey();
        var line = $"{DateTimeOffset.UtcNow.AddMinutes(-3):O} {host} ola: root [77]: tail -f /var/log/syslog [0]";
        await client.PostAsync($"/api/v1/ingest?host={host}&source=/var/log/commands.log", new StringContent(line + "\n", Encoding.UTF8, "text/plain"));
        await api.ParseAllAsync();

        using var page = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/commands?host={host}"));
        var rawId = page.RootElement.GetProperty("items")[0].GetProperty("rawId").GetInt64();
        using var raw = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/raw/{rawId}"));
        Assert.Equal(line, raw.RootElement.GetProperty("line").GetString());
        Assert.Equal(host, raw.RootElement.GetProperty("host").GetString());
        Assert.Equal("/var/log/commands.log", raw.RootElement.GetProperty("source").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/raw/{long.MaxValue}")).StatusCode);
        Assert.Equal(1L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM query_log WHERE path = @p", ("p", $"/api/v1/raw/{rawId}")));
    }
}
