using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Audit.Tests.Support;

namespace Audit.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class TimelineEndpointsTests(AuditApiFactory api)
{
    [Fact]
    public async Task Timeline_merges_kinds_in_time_order_and_pages_completely()
    {
        var host = Unique.Host();
        var user = "tl" + Guid.NewGuid().ToString("N")[..6];
        var t = DateTimeOffset.UtcNow.AddMinutes(-30);
        using var client = api.CreateClientWithKey();
        var sb = new StringBuilder();
        for (var i = 0; i < 30; i++) sb.Append($"{t.AddSeconds(i * 2):O} {host} {user}: {user} [77]: step {i} [0]\n");
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/api/v1/ingest?source=/var/log/commands.log", new StringContent(sb.ToString(), Encoding.UTF8, "text/plain"))).StatusCode);
        var events = Enumerable.Range(0, 30).Select(i => new { time = t.AddSeconds(i * 2 + 1).ToString("O"), actor = user, action = "deploy", resource = $"svc-{i}", host }).ToArray();
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync("/api/v1/app-events", events)).StatusCode);
        await api.ParseAllAsync();

        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            using var doc = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/timeline?user={user}&limit=7" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))));
            items.AddRange(doc.RootElement.GetProperty("items").EnumerateArray().Select(e => e.Clone()));
            cursor = doc.RootElement.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(60, items.Count);
        var kinds = items.Select(i => i.GetProperty("kind").GetString()!).ToList();
        Assert.Equal(Enumerable.Range(0, 30).SelectMany(_ => new[] { "app", "command" }).ToList(), kinds);
        Assert.Equal($"{user} deploy svc-29", items[0].GetProperty("summary").GetString());
        Assert.Equal("step 0", items[^1].GetProperty("summary").GetString());
        var times = items.Select(i => i.GetProperty("time").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderByDescending(x => x).ToList(), times);
    }

    [Fact]
    public async Task Search_finds_a_substring_across_commands_and_app_events_only_in_the_window()
    {
        var host = Unique.Host();
        var needle = "zq" + Guid.NewGuid().ToString("N")[..8];
        var now = DateTimeOffset.UtcNow;
        using var client = api.CreateClientWithKey();
        var body = $"{now.AddMinutes(-1):O} {host} ann: ann [5]: cat /srv/{needle}.txt [0]\n{now.AddDays(-3):O} {host} ann: ann [5]: rm /srv/{needle}.old [0]\n";
        await client.PostAsync("/api/v1/ingest?source=/var/log/commands.log", new StringContent(body, Encoding.UTF8, "text/plain"));
        await client.PostAsJsonAsync("/api/v1/app-events", new { actor = "ann", action = "bucket.read", resource = $"s3://{needle.ToUpperInvariant()}", host });
        await api.ParseAllAsync();

        using var doc = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/search?q={needle}"));
        var kinds = doc.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("kind").GetString()!).OrderBy(k => k).ToArray();
        Assert.Equal(["app", "command"], kinds);

        using var week = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/search?q={needle}&from={Uri.EscapeDataString(now.AddDays(-7).ToString("O"))}"));
        Assert.Equal(3, week.RootElement.GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("/api/v1/timeline", "user")]
    [InlineData("/api/v1/timeline?user=x&kinds=command,bogus", "kinds")]
    [InlineData("/api/v1/search?q=ab", "q")]
    public async Task Bad_parameters_are_400(string url, string field)
    {
        using var client = api.CreateClientWithKey();
        var r = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        Assert.True(doc.RootElement.GetProperty("errors").TryGetProperty(field, out _));
    }
}
