using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Audit.Api.Ingest;
using Audit.Tests.Support;

namespace Audit.Tests.Api.Ingest;

[Collection(ApiCollection.Name)]
public sealed class IngestEndpointsTests(AuditApiFactory api)
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Ingested_bash_line_is_parsed_and_queryable()
    {
        var host = Unique.Host();
        using var client = api.CreateClientWithKey();
        var now = DateTimeOffset.UtcNow;
        var line = $"{now:yyyy-MM-ddTHH:mm:ss.ffffffzzz} {host} alice: root [4242]:   17  systemctl restart nginx [0]";
        var response = await client.PostAsync($"/api/v1/ingest?host={host}&source=/var/log/commands.log", new StringContent(line + "\n", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var ack = await response.Content.ReadFromJsonAsync<IngestResponse>(Web);
        Assert.Equal(1, ack!.Accepted);

        Assert.True(await api.ParseAllAsync() >= 1);
        using var doc = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/commands?host={host}&user=alice"));
        var item = Assert.Single(doc.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal("systemctl restart nginx", item.GetProperty("command").GetString());
        Assert.Equal("root", item.GetProperty("runAs").GetString());
        Assert.Equal("alice", item.GetProperty("user").GetString());
        Assert.Equal(4242, item.GetProperty("shellPid").GetInt32());
        Assert.Equal(17, item.GetProperty("historyNumber").GetInt32());
        Assert.Equal(0, item.GetProperty("exitCode").GetInt32());
    }

    [Fact]
    public async Task Filebeat_documents_with_offsets_are_stored_once_when_retried()
    {
        var host = Unique.Host();
        using var client = api.CreateClientWithKey();
        var body = string.Join("\n", Enumerable.Range(0, 5).Select(i => JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["@timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
            ["message"] = $"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssK} {host} bob: bob [77]: echo {i} [0]",
            ["host"] = new { name = host },
            ["log"] = new { offset = i * 100, file = new { path = "/var/log/commands.log" } },
        })));

        var first = await PostNdjson(client, body);
        var second = await PostNdjson(client, body);
        Assert.Equal((5, 0), (first.Accepted, first.Duplicates));
        Assert.Equal((0, 5), (second.Accepted, second.Duplicates));
        Assert.Equal(5L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM raw_lines WHERE host = @h", ("h", host)));
    }

    [Fact]
    public async Task Idempotency_key_makes_a_whole_batch_retry_a_no_op()
    {
        var host = Unique.Host();
        using var client = api.CreateClientWithKey();
        async Task<IngestResponse> Send()
        {
            using var req = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/ingest?host={host}&source=/tmp/x.log") { Content = new StringContent("a\nb\n", Encoding.UTF8, "text/plain") };
            req.Headers.Add("Idempotency-Key", "batch-" + host);
            var r = await client.SendAsync(req);
            Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
            return (await r.Content.ReadFromJsonAsync<IngestResponse>(Web))!;
        }

        var a = await Send();
        var b = await Send();
        Assert.Equal(a, b);
        Assert.Equal(2L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM raw_lines WHERE host = @h", ("h", host)));
    }

    [Fact]
    public async Task Gzip_body_is_accepted()
    {
        var host = Unique.Host();
        using var client = api.CreateClientWithKey();
        var bytes = Gzip(Encoding.UTF8.GetBytes("{\"line\":\"hello\",\"host\":\"" + host + "\",\"source\":\"/x\"}\n"));
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new("application/x-ndjson");
        content.Headers.ContentEncoding.Add("gzip");
        var r = await client.PostAsync("/api/v1/ingest", content);
        Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        Assert.Equal("hello", await api.Database.ScalarAsync<string>("SELECT line FROM raw_lines WHERE host = @h", ("h", host)));
    }

    [Fact]
    public async Task Gzip_bomb_is_refused_with_413()
    {
        using var client = api.CreateClientWithKey();
        var bomb = Gzip(new byte[64 * 1024 * 1024]); // 64 MiB of zeros, ~64 KiB compressed; the limit is 4 MiB
        var content = new ByteArrayContent(bomb);
        content.Headers.ContentType = new("text/plain");
        content.Headers.ContentEncoding.Add("gzip");
        var r = await client.PostAsync("/api/v1/ingest?host=bomb", content);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
    }

    [Fact]
    public async Task Oversized_body_is_refused_with_413()
    {
        using var client = api.CreateClientWithKey();
        var r = await client.PostAsync("/api/v1/ingest?host=big", new ByteArrayContent(new byte[5 * 1024 * 1024]) { Headers = { ContentType = new("text/plain") } });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
    }

    [Fact]
    public async Task Malformed_json_is_refused_naming_the_line_and_nothing_is_stored()
    {
        var host = Unique.Host();
        using var client = api.CreateClientWithKey();
        var body = $"{{\"line\":\"ok\",\"host\":\"{host}\"}}\n{{\"line\":\"ok2\",\"host\":\"{host}\"}}\n{{\"line\": broken\n";
        var r = await client.PostAsync("/api/v1/ingest", new StringContent(body, Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("line 3", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM raw_lines WHERE host = @h", ("h", host)));
    }

    [Fact]
    public async Task Json_array_bodies_are_accepted()
    {
        var host = Unique.Host();
        using var client = api.CreateClientWithKey();
        var body = $"[{{\"message\":\"one\",\"host\":\"{host}\"}},\n {{\"message\":\"two\",\"host\":\"{host}\"}}]";
        var r = await client.PostAsync("/api/v1/ingest", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        Assert.Equal(2L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM raw_lines WHERE host = @h", ("h", host)));
    }

    [Fact]
    public async Task Nul_bytes_and_invalid_utf8_round_trip_exactly()
    {
        var host = Unique.Host();
        using var client = api.CreateClientWithKey();
        byte[] line = [.. "cmd "u8, 0x00, .. " bad "u8, 0xFF, 0xFE, .. " é"u8];
        var content = new ByteArrayContent([.. line, (byte)'\n', .. "plain line"u8]);
        content.Headers.ContentType = new("text/plain");
        var r = await client.PostAsync($"/api/v1/ingest?host={host}&source=/var/log/weird.log", content);
        Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);

        await using var cmd = api.Database.DataSource.CreateCommand("SELECT line, line_bytes FROM raw_lines WHERE host = @h ORDER BY id");
        cmd.Parameters.AddWithValue("h", host);
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("cmd \\x00 bad \\xFF\\xFE é", reader.GetString(0));
        Assert.Equal(line, reader.GetFieldValue<byte[]>(1));
        Assert.True(await reader.ReadAsync());
        Assert.Equal("plain line", reader.GetString(0));
        Assert.True(reader.IsDBNull(1));

        await api.ParseAllAsync();
        Assert.Equal(2L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM unparsed_lines WHERE host = @h", ("h", host)));
    }

    [Fact]
    public async Task Unsupported_content_type_is_415()
    {
        using var client = api.CreateClientWithKey();
        var r = await client.PostAsync("/api/v1/ingest", new StringContent("<xml/>", Encoding.UTF8, "application/xml"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, r.StatusCode);
    }

    private static async Task<IngestResponse> PostNdjson(HttpClient client, string body)
    {
        var r = await client.PostAsync("/api/v1/ingest", new StringContent(body, Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        return (await r.Content.ReadFromJsonAsync<IngestResponse>(Web))!;
    }

    private static byte[] Gzip(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest)) gz.Write(data);
        return ms.ToArray();
    }
}
