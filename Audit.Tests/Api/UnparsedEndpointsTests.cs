using System.Net;
using System.Text;
using System.Text.Json;
using Audit.Tests.Support;

namespace Audit.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class UnparsedEndpointsTests(AuditApiFactory api)
{
    [Fact]
    public async Task Unparsed_lines_come_back_with_reason_text_and_exact_bytes()
    {
        var host = Unique.Host();
        using var client = api.CreateClientWithKey();
        byte[] odd = [.. "weird "u8, 0x00, 0xC3, .. " line"u8];
        var content = new ByteArrayContent([.. odd, (byte)'\n', .. "no header here"u8, (byte)'\n']);
        content.Headers.ContentType = new("text/plain");
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/v1/ingest?host={host}&source=/var/log/odd.log", content)).StatusCode);
        await api.ParseAllAsync();

        using var doc = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/unparsed?host={host}"));
        var items = doc.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        var weird = items.Single(i => i.GetProperty("lineBytes").ValueKind == JsonValueKind.String);
        Assert.Equal("weird \\x00\\xC3 line", weird.GetProperty("line").GetString());
        Assert.Equal(odd, Convert.FromBase64String(weird.GetProperty("lineBytes").GetString()!));
        Assert.Equal("no syslog header", weird.GetProperty("reason").GetString());
        Assert.Equal("/var/log/odd.log", weird.GetProperty("source").GetString());
    }

    [Fact]
    public async Task Every_query_is_recorded_with_who_what_and_how_many_rows()
    {
        using var admin = api.CreateClientWithKey();
        var created = await admin.PostAsync("/api/v1/admin/keys", new StringContent("{\"name\":\"auditor\",\"scopes\":[\"read\"]}", Encoding.UTF8, "application/json"));
        using var keyDoc = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        using var reader = api.CreateClientWithKey(keyDoc.RootElement.GetProperty("key").GetString()!);
        var marker = Unique.Host("probe");
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/v1/commands?host={marker}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/v1/unparsed?host={marker}")).StatusCode);

        await using var cmd = api.Database.DataSource.CreateCommand("SELECT actor, path, row_count, status FROM query_log WHERE query LIKE '%' || @m || '%' ORDER BY id");
        cmd.Parameters.AddWithValue("m", marker);
        await using var r = await cmd.ExecuteReaderAsync();
        var rows = new List<(string, string, int, int)>();
        while (await r.ReadAsync()) rows.Add((r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetInt32(3)));
        Assert.Equal([("auditor", "/api/v1/commands", 0, 200), ("auditor", "/api/v1/unparsed", 0, 200)], rows);
    }
}
