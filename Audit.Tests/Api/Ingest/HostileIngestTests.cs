using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Audit.Tests.Support;

namespace Audit.Tests.Api.Ingest;

/// <summary>
/// What an intruder holding one host's ingest key can send (issue 10, points 2–4): every case asserts the answer,
/// that the good lines of the same request were stored, that /health stays 200, and that another host's lines
/// keep flowing afterwards.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HostileIngestTests(AuditApiFactory api)
{
    private static string Doc(string host, string message, object? fields = null, long? offset = null, string path = "/var/log/auth.log") =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["@timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
            ["message"] = message,
            ["host"] = new { name = host },
            ["log"] = offset is null ? new { file = new { path } } : new { offset, file = new { path } },
            ["fields"] = fields,
        });

    private static string Accepted(string host, int port) =>
        $"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.ffffffzzz} {host} sshd[{port}]: Accepted password for root from 10.9.8.7 port {port} ssh2";

    private Task<long> CountAsync(string host) => api.Database.ScalarAsync<long>("SELECT count(*) FROM raw_lines WHERE host = @h", ("h", host));

    /// <summary>/health answers 200 and a good line from another host is still accepted and stored.</summary>
    private async Task AssertOthersFlowAsync(HttpClient client)
    {
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        var other = Unique.Host("other");
        var r = await client.PostAsync($"/api/v1/ingest?host={other}&source=/var/log/auth.log", new StringContent(Accepted(other, 2200) + "\n", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        Assert.Equal(1L, await CountAsync(other));
    }

    private static StringContent Ndjson(params string[] docs) => new(string.Join("\n", docs) + "\n", Encoding.UTF8, "application/x-ndjson");

    // Raw JSON text, so escapes such as \u0000 and \ud800 reach the server exactly as an attacker writes them.
    public static TheoryData<string, string> UnstorableFields => new()
    {
        { "nul_in_fields", """{"k":"a\u0000b"}""" },
        { "nul_in_field_name", """{"a\u0000":"x"}""" },
        { "lone_surrogate_in_fields", """{"k":"\ud800"}""" },
        { "low_surrogate_first", """{"k":"\udc00\ud800"}""" },
        { "number_beyond_numeric", """{"k":1e999999999}""" },
    };

    [Theory]
    [MemberData(nameof(UnstorableFields))]
    public async Task A_document_with_fields_jsonb_refuses_is_stored_with_its_reason_beside_the_good_ones(string name, string fields)
    {
        var host = Unique.Host(name.Replace('_', '-'));
        using var client = api.CreateClientWithKey();
        var bad = $$$"""{"message":"bad {{{host}}}","host":{"name":"{{{host}}}"},"fields":""" + fields + "}";
        var response = await client.PostAsync("/api/v1/ingest", Ndjson(Doc(host, "good 1"), bad, Doc(host, "good 2", new { env = "prod" })));

        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        Assert.Equal(3L, await CountAsync(host));
        Assert.Equal("prod", await api.Database.ScalarAsync<string>("SELECT fields->>'env' FROM raw_lines WHERE host = @h AND line = 'good 2'", ("h", host)));
        var reason = await api.Database.ScalarAsync<string>("SELECT fields->>'audit_ingest_error' FROM raw_lines WHERE host = @h AND line LIKE 'bad %'", ("h", host));
        Assert.StartsWith("fields: ", reason, StringComparison.Ordinal);
        var raw = await api.Database.ScalarAsync<string>("SELECT fields->>'audit_raw_fields' FROM raw_lines WHERE host = @h AND line LIKE 'bad %'", ("h", host));
        Assert.Equal(fields, raw); // the JSON text exactly as sent
        await AssertOthersFlowAsync(client);
    }

    [Fact]
    public async Task Bulk_items_with_nul_fields_or_lone_surrogates_are_each_created_and_stored()
    {
        var host = Unique.Host("bulk-hostile");
        using var client = api.CreateClientWithKey();
        var body = new StringBuilder();
        body.Append("{\"create\":{}}\n").Append(Doc(host, "good before")).Append('\n');
        body.Append("{\"create\":{}}\n").Append($$$"""{"message":"nul","host":{"name":"{{{host}}}"},"fields":{"k":"\u0000"}}""").Append('\n');
        body.Append("{\"create\":{}}\n").Append($$$"""{"message":"surrogate \ud800 here","host":{"name":"{{{host}}}"}}""").Append('\n');
        body.Append("{\"create\":{}}\n").Append(Doc(host, "good after")).Append('\n');
        var response = await client.PostAsync("/_bulk", new StringContent(body.ToString(), Encoding.UTF8, "application/x-ndjson"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(answer.RootElement.GetProperty("errors").GetBoolean());
        Assert.All(answer.RootElement.GetProperty("items").EnumerateArray(), i => Assert.Equal(201, i.GetProperty("create").GetProperty("status").GetInt32()));
        Assert.Equal(4L, await CountAsync(host));
        Assert.Equal("surrogate \\ud800 here", await api.Database.ScalarAsync<string>("SELECT line FROM raw_lines WHERE host = @h AND line LIKE 'surrogate%'", ("h", host)));
        await AssertOthersFlowAsync(client);
    }

    [Theory]
    [InlineData("a%00b", "/var/log/auth.log", "a\\x00b", "/var/log/auth.log")]
    [InlineData("web%01%1b[2J", "/var/log/auth.log", "web\\x01\\x1B[2J", "/var/log/auth.log")]
    [InlineData("ok", "/var/log/a%00uth.log", "ok", "/var/log/a\\x00uth.log")]
    public async Task Control_characters_in_host_or_source_are_escaped_and_noted(string host, string source, string storedHost, string storedSource)
    {
        var tag = Guid.NewGuid().ToString("N");
        using var client = api.CreateClientWithKey();
        var response = await client.PostAsync($"/api/v1/ingest?host={host}-{tag}&source={source}", new StringContent($"line {tag}\n", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(storedHost + "-" + tag, await api.Database.ScalarAsync<string>("SELECT host FROM raw_lines WHERE line = @l", ("l", $"line {tag}")));
        Assert.Equal(storedSource, await api.Database.ScalarAsync<string>("SELECT source FROM raw_lines WHERE line = @l", ("l", $"line {tag}")));
        var note = await api.Database.ScalarAsync<string>("SELECT fields->>'audit_ingest_error' FROM raw_lines WHERE line = @l", ("l", $"line {tag}"));
        Assert.Contains("control characters escaped", note, StringComparison.Ordinal);
        await AssertOthersFlowAsync(client);
    }

    [Fact]
    public async Task A_line_of_nuls_is_cut_at_the_limit_with_its_exact_bytes_and_the_count_noted()
    {
        var host = Unique.Host("nul-line");
        using var client = api.CreateClientWithKey();
        var body = new byte[3 * 1024 * 1024 + 10];
        var good = Encoding.UTF8.GetBytes("\n" + Accepted(host, 2201) + "\n");
        var content = new ByteArrayContent([.. body, .. good]);
        content.Headers.ContentType = new("text/plain");
        var response = await client.PostAsync($"/api/v1/ingest?host={host}&source=/var/log/auth.log", content);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(2L, await CountAsync(host));
        const int limit = 1024 * 1024; // Ingest:MaxLineBytes default
        Assert.Equal((long)limit, await api.Database.ScalarAsync<long>("SELECT length(line)::bigint FROM raw_lines WHERE host = @h AND line LIKE '\\\\x00%'", ("h", host)));
        Assert.Equal((long)limit, await api.Database.ScalarAsync<long>("SELECT length(line_bytes)::bigint FROM raw_lines WHERE host = @h AND line LIKE '\\\\x00%'", ("h", host)));
        var note = await api.Database.ScalarAsync<string>("SELECT fields->>'audit_ingest_error' FROM raw_lines WHERE host = @h AND line LIKE '\\\\x00%'", ("h", host));
        Assert.Contains($"{body.Length} bytes sent", note, StringComparison.Ordinal);
        Assert.Equal(1L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM raw_lines WHERE host = @h AND line LIKE '%Accepted password%'", ("h", host)));
        await AssertOthersFlowAsync(client);
    }

    [Fact]
    public async Task Forged_offsets_from_one_key_do_not_suppress_another_keys_lines()
    {
        using var admin = api.CreateClientWithKey();
        using var keyA = api.CreateClientWithKey(await CreateIngestKeyAsync(admin, "host A"));
        using var keyB = api.CreateClientWithKey(await CreateIngestKeyAsync(admin, "intruder"));
        var host = Unique.Host("web-1");

        // The intruder sends junk at the offsets (and with the _id) the real lines will have.
        var junk = Ndjson([.. Enumerable.Range(1000, 3).Select(o => Doc(host, "junk", offset: o))]);
        Assert.Equal(HttpStatusCode.Accepted, (await keyB.PostAsync("/api/v1/ingest", junk)).StatusCode);
        var junkBulk = "{\"create\":{\"_id\":\"real-1\"}}\n" + Doc(host, "junk id") + "\n";
        Assert.Equal(HttpStatusCode.OK, (await keyB.PostAsync("/_bulk", new StringContent(junkBulk, Encoding.UTF8, "application/x-ndjson"))).StatusCode);

        var body = new StringBuilder();
        foreach (var o in Enumerable.Range(1000, 3)) body.Append("{\"create\":{}}\n").Append(Doc(host, Accepted(host, o), offset: o)).Append('\n');
        body.Append("{\"create\":{\"_id\":\"real-1\"}}\n").Append(Doc(host, Accepted(host, 4000))).Append('\n');
        var response = await keyA.PostAsync("/_bulk", new StringContent(body.ToString(), Encoding.UTF8, "application/x-ndjson"));

        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.All(answer.RootElement.GetProperty("items").EnumerateArray(), i => Assert.Equal(201, i.GetProperty("create").GetProperty("status").GetInt32()));
        Assert.Equal(4L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM raw_lines WHERE host = @h AND line LIKE '%Accepted password for root%'", ("h", host)));

        // The same key retrying is still absorbed.
        var retry = await keyA.PostAsync("/_bulk", new StringContent(body.ToString(), Encoding.UTF8, "application/x-ndjson"));
        using var again = JsonDocument.Parse(await retry.Content.ReadAsStringAsync());
        Assert.All(again.RootElement.GetProperty("items").EnumerateArray(), i => Assert.Contains(i.GetProperty("create").GetProperty("status").GetInt32(), new[] { 200, 409 }));
        Assert.Equal(4L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM raw_lines WHERE host = @h AND line LIKE '%Accepted password for root%'", ("h", host)));

        await api.ParseAllAsync();
        using var reader = api.CreateClientWithKey();
        using var logins = JsonDocument.Parse(await reader.GetStringAsync($"/api/v1/logins?host={host}"));
        Assert.Equal(4, logins.RootElement.GetProperty("items").GetArrayLength());
        await AssertOthersFlowAsync(admin);
    }

    internal static async Task<string> CreateIngestKeyAsync(HttpClient admin, string name)
    {
        var r = await admin.PostAsJsonAsync("/api/v1/admin/keys", new { name, scopes = new[] { "ingest" } });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("key").GetString()!;
    }
}
