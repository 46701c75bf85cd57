using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Audit.Tests.Support;

namespace Audit.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class StatsAndQueryLogTests(AuditApiFactory api)
{
    [Fact]
    public async Task Summary_counts_kinds_and_ranks_users_for_a_host()
    {
        var host = Unique.Host();
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        using var client = api.CreateClientWithKey();
        var sb = new StringBuilder();
        for (var i = 0; i < 5; i++) sb.Append($"{now.AddSeconds(i):O} {host} kim: kim [1]: job {i} [0]\n");
        for (var i = 0; i < 2; i++) sb.Append($"{now.AddSeconds(10 + i):O} {host} lee: lee [2]: task {i} [0]\n");
        await client.PostAsync("/api/v1/ingest?source=/var/log/commands.log", new StringContent(sb.ToString(), Encoding.UTF8, "text/plain"));
        await client.PostAsJsonAsync("/api/v1/app-events", new { actor = "lee", action = "login", host });
        await client.PostAsync($"/api/v1/ingest?host={host}&source=/var/log/junk.log", new StringContent("garbage\n", Encoding.UTF8, "text/plain"));
        await api.ParseAllAsync();

        using var doc = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/stats/summary?host={host}"));
        var root = doc.RootElement;
        Assert.Equal(7, root.GetProperty("countsByKind").GetProperty("command").GetInt64());
        Assert.Equal(1, root.GetProperty("countsByKind").GetProperty("app").GetInt64());
        var users = root.GetProperty("topUsers").EnumerateArray().Select(u => (u.GetProperty("name").GetString(), u.GetProperty("count").GetInt64())).ToList();
        Assert.Equal([("kim", 5L), ("lee", 3L)], users);
        Assert.Equal(host, root.GetProperty("topHosts")[0].GetProperty("name").GetString());
        Assert.Equal(1, root.GetProperty("unparsedLines").GetInt64());
    }

    [Fact]
    public async Task Admins_read_the_query_log_and_readers_cannot()
    {
        using var admin = api.CreateClientWithKey();
        var marker = Unique.Host("qlog");
        await admin.GetAsync($"/api/v1/logins?host={marker}");
        using var doc = JsonDocument.Parse(await admin.GetStringAsync("/api/v1/admin/query-log?path=/api/v1/logins&limit=1000"));
        Assert.Contains(doc.RootElement.GetProperty("items").EnumerateArray(), i => i.GetProperty("query").GetString()!.Contains(marker, StringComparison.Ordinal));

        var created = await admin.PostAsJsonAsync("/api/v1/admin/keys", new { name = "reader", scopes = new[] { "read" } });
        using var key = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        using var reader = api.CreateClientWithKey(key.RootElement.GetProperty("key").GetString()!);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync("/api/v1/admin/query-log")).StatusCode);
    }
}
