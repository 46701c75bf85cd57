using System.Net;
using System.Text;
using System.Text.Json;
using Audit.Tests.Support;

namespace Audit.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class CommandEndpointsTests(AuditApiFactory api)
{
    [Fact]
    public async Task Pages_are_complete_disjoint_and_newest_first()
    {
        var host = await SeedAsync(250);
        using var client = api.CreateClientWithKey();
        var seen = new List<long>();
        var times = new List<DateTimeOffset>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var url = $"/api/v1/commands?host={host}&limit=40" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            using var doc = JsonDocument.Parse(await client.GetStringAsync(url));
            foreach (var item in doc.RootElement.GetProperty("items").EnumerateArray())
            {
                seen.Add(item.GetProperty("rawId").GetInt64());
                times.Add(item.GetProperty("time").GetDateTimeOffset());
            }

            cursor = doc.RootElement.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(7, pages);
        Assert.Equal(250, seen.Count);
        Assert.Equal(250, seen.Distinct().Count());
        Assert.Equal(times.OrderByDescending(t => t).ToList(), times);
    }

    [Fact]
    public async Task Forged_or_foreign_cursor_is_400()
    {
        var host = await SeedAsync(3);
        using var client = api.CreateClientWithKey();
        using var doc = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/commands?host={host}&limit=1"));
        var cursor = doc.RootElement.GetProperty("nextCursor").GetString()!;

        var flipped = (cursor[5] == 'A' ? 'B' : 'A') + "";
        var forged = cursor[..5] + flipped + cursor[6..];
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/v1/commands?host={host}&limit=1&cursor={Uri.EscapeDataString(forged)}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/v1/commands?host=other&limit=1&cursor={Uri.EscapeDataString(cursor)}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/commands?cursor=%%%garbage")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/commands?host={host}&limit=1&cursor={Uri.EscapeDataString(cursor)}")).StatusCode);
    }

    [Theory]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-13-01", "to")]
    [InlineData("from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z", "from")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    public async Task Bad_parameters_are_400_problem_details_naming_the_field(string query, string field)
    {
        using var client = api.CreateClientWithKey();
        var r = await client.GetAsync("/api/v1/commands?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        Assert.True(doc.RootElement.GetProperty("errors").TryGetProperty(field, out _), await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Contains_and_exit_code_filter_and_percent_is_literal()
    {
        var host = Unique.Host();
        var now = DateTimeOffset.UtcNow;
        await PostAsync(host, $"""
            {now:O} {host} erin: erin [1]: printf '100%' [0]
            {now:O} {host} erin: erin [1]: printf 'plain' [0]
            {now:O} {host} erin: erin [1]: false [1]
            """);
        using var client = api.CreateClientWithKey();
        Assert.Equal(["printf '100%'"], await Commands(client, $"host={host}&contains=%25'"));
        Assert.Equal(["false"], await Commands(client, $"host={host}&exitCode=1"));
        Assert.Equal(2, (await Commands(client, $"host={host}&contains=PRINTF")).Length);
    }

    [Fact]
    public async Task Csv_and_ndjson_exports_stream_every_match()
    {
        var host = await SeedAsync(1500);
        using var client = api.CreateClientWithKey();

        using var csvRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/commands?host={host}&limit=10");
        csvRequest.Headers.Accept.ParseAdd("text/csv");
        var csv = await (await client.SendAsync(csvRequest)).Content.ReadAsStringAsync();
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("time,host,user,runAs,command", lines[0], StringComparison.Ordinal);
        Assert.Equal(1501, lines.Length);

        using var ndRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/commands?host={host}");
        ndRequest.Headers.Accept.ParseAdd("application/x-ndjson");
        var nd = await (await client.SendAsync(ndRequest)).Content.ReadAsStringAsync();
        var docs = nd.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1500, docs.Length);
        Assert.All(docs, d => Assert.Equal(host, JsonDocument.Parse(d).RootElement.GetProperty("host").GetString()));
    }

    private async Task<string> SeedAsync(int count)
    {
        var host = Unique.Host();
        var now = DateTimeOffset.UtcNow;
        var sb = new StringBuilder();
        for (var i = 0; i < count; i++) sb.Append(now.AddSeconds(-i * 10).ToString("O")).Append(' ').Append(host).Append(" frank: frank [9]: echo ").Append(i).Append(" [0]\n");
        await PostAsync(host, sb.ToString());
        return host;
    }

    private async Task PostAsync(string host, string body)
    {
        using var client = api.CreateClientWithKey();
        var r = await client.PostAsync($"/api/v1/ingest?host={host}&source=/var/log/commands.log", new StringContent(body, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        await api.ParseAllAsync();
    }

    private static async Task<string[]> Commands(HttpClient client, string query)
    {
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/api/v1/commands?" + query));
        return doc.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("command").GetString()!).ToArray();
    }
}
