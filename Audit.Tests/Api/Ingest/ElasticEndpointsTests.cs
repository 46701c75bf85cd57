using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Audit.Infrastructure.Keys;
using Audit.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Audit.Tests.Api.Ingest;

public sealed class ElasticEndpointsTests(ElasticApiFixture api) : IClassFixture<ElasticApiFixture>
{
    private HttpClient Client(string? userAgent = null)
    {
        var c = api.Host.Client();
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("ingest:" + api.IngestKey)));
        if (userAgent is not null) c.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", userAgent);
        return c;
    }

    private static StringContent Ndjson(string body, string type = "application/x-ndjson") => new(body, Encoding.UTF8, type);

    private static int[] Statuses(string json) => JsonDocument.Parse(json).RootElement.GetProperty("items").EnumerateArray()
        .Select(i => i.EnumerateObject().Single().Value.GetProperty("status").GetInt32()).ToArray();

    [Fact]
    public async Task Root_answers_cluster_info_to_any_valid_key_and_head_too()
    {
        var (_, readKey) = await api.Host.Services.GetRequiredService<ApiKeyStore>().CreateAsync("reader", [ApiKeyScopes.Read], "test", CancellationToken.None);
        using var c = api.Host.Client();
        c.DefaultRequestHeaders.Add("X-Api-Key", readKey);
        using var get = await c.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        using var doc = JsonDocument.Parse(await get.Content.ReadAsStringAsync());
        Assert.Equal("8.19.0", doc.RootElement.GetProperty("version").GetProperty("number").GetString());
        Assert.Equal("default", doc.RootElement.GetProperty("version").GetProperty("build_flavor").GetString());
        Assert.Equal("You Know, for Search", doc.RootElement.GetProperty("tagline").GetString());

        using var head = await c.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("Elasticsearch", head.Headers.GetValues("X-Elastic-Product").Single());

        using var bulk = await c.PostAsync("/_bulk", Ndjson("{\"index\":{}}\n{\"message\":\"x\"}\n"));
        Assert.Equal(HttpStatusCode.Forbidden, bulk.StatusCode); // reading keys may not ingest
    }

    [Theory]
    [InlineData("ApiKey-id:key")]
    [InlineData("ApiKey-raw")]
    [InlineData("Basic")]
    [InlineData("X-Api-Key")]
    public async Task Every_key_form_shippers_use_is_accepted(string form)
    {
        using var c = api.Host.Client();
        var key = api.IngestKey;
        switch (form)
        {
            case "ApiKey-id:key": c.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "ApiKey " + Convert.ToBase64String(Encoding.UTF8.GetBytes("VuaCfGcBCdbkQm-e5aOx:" + key))); break;
            case "ApiKey-raw": c.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "ApiKey " + key); break;
            case "Basic": c.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("elastic:" + key))); break;
            default: c.DefaultRequestHeaders.Add("X-Api-Key", key); break;
        }

        using var r = await c.GetAsync("/_license?human=false");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
    }

    [Fact]
    public async Task Swagger_documents_the_main_elasticsearch_routes_but_not_the_set_up_stubs()
    {
        using var c = api.Host.Client();
        var json = await c.GetStringAsync("/swagger/v1/swagger.json");
        using var doc = JsonDocument.Parse(json);
        var paths = doc.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/_bulk", paths);
        Assert.Contains("/_license", paths);
        Assert.Contains("/", paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("/_ilm", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Health_checks_answer_green()
    {
        using var c = Client(userAgent: null);
        using var cat = await c.GetAsync("/_cat/health");
        Assert.Equal(HttpStatusCode.OK, cat.StatusCode);
        Assert.Contains(" audit green ", await cat.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var cluster = await c.GetAsync("/_cluster/health");
        Assert.Equal("green", JsonDocument.Parse(await cluster.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Bulk_answers_one_item_per_operation_in_order_and_keeps_malformed_documents()
    {
        var host = Unique.Host("order");
        using var c = Client("Elastic-Filebeat/8.15.0 (linux; amd64; Unmanaged; Privileged)");
        var body = $$$"""
            {"create":{"_index":"x"}}
            {"message":"first","host":{"name":"{{{host}}}"}}
            {"delete":{"_index":"x","_id":"d1"}}
            {"index":{"_index":"x"}}
            {"message":"second","host":{"name":"{{{host}}}"}}
            {"update":{"_index":"x","_id":"u1"}}
            {"doc":{"message":"changed"}}
            {"create":{"_index":"x","_id":"bad-{{{host}}}"}}
            {"message":"broken "template, "host":"{{{host}}}"}
            """;
        using var r = await c.PostAsync("/_bulk", Ndjson(body, "application/json"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var json = await r.Content.ReadAsStringAsync();
        Assert.Equal(new[] { 201, 403, 201, 403, 201 }, Statuses(json));
        Assert.True(JsonDocument.Parse(json).RootElement.GetProperty("errors").GetBoolean());
        Assert.Equal(["create", "delete", "index", "update", "create"], JsonDocument.Parse(json).RootElement.GetProperty("items").EnumerateArray().Select(i => i.EnumerateObject().Single().Name));

        Assert.Equal(2L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM raw_lines WHERE host = @h", ("h", host)));
        var kept = await api.Database.ScalarAsync<string>("SELECT line FROM raw_lines WHERE host = 'unknown' AND line LIKE @l", ("l", $"%{host}%"));
        Assert.Equal($"{{\"message\":\"broken \"template, \"host\":\"{host}\"}}", kept);
        var reason = await api.Database.ScalarAsync<string>("SELECT fields->>'audit_ingest_error' FROM raw_lines WHERE line LIKE @l", ("l", $"%{host}%"));
        Assert.Contains("line 9", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Elastic-Filebeat/8.15.0 (linux; amd64; Unmanaged; Privileged)", "create", 409)]
    [InlineData("syslog-ng 3.38.1/libcurl 7.88.1", "create", 409)]
    [InlineData(null, "create", 200)] // rsyslog resubmits every failed item: a duplicate must look like success
    [InlineData("Elastic-Filebeat/8.15.0 (linux; amd64; Unmanaged; Privileged)", "index", 200)]
    [InlineData(null, "index", 200)]
    public async Task A_resent_document_is_absorbed_with_an_answer_the_shipper_accepts(string? agent, string action, int duplicateStatus)
    {
        var host = Unique.Host("dup");
        using var c = Client(agent);
        var body = $"{{\"{action}\":{{\"_index\":\"audit\",\"_id\":\"{host}-1\"}}}}\n{{\"message\":\"once\",\"host\":\"{host}\"}}\n";
        using var first = await c.PostAsync("/audit/_bulk", Ndjson(body));
        using var second = await c.PostAsync("/audit/_bulk", Ndjson(body));
        var firstJson = await first.Content.ReadAsStringAsync();
        var secondJson = await second.Content.ReadAsStringAsync();
        Assert.Equal([201], Statuses(firstJson));
        Assert.Equal([duplicateStatus], Statuses(secondJson));
        Assert.Equal(1L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM raw_lines WHERE host = @h", ("h", host)));
    }

    [Theory]
    [InlineData("text/plain", "{\"index\":{}}\n{}\n", HttpStatusCode.NotAcceptable, "media_type_header_exception")]
    [InlineData("application/x-ndjson", "{\"index\":{}}\n{}\n{\"bogus\":{}}\n{}\n", HttpStatusCode.BadRequest, "line 3")]
    [InlineData("application/x-ndjson", "", HttpStatusCode.BadRequest, "no operations")]
    public async Task Unusable_bodies_are_refused_whole_with_an_elasticsearch_error(string type, string body, HttpStatusCode expected, string reason)
    {
        using var c = Client();
        using var r = await c.PostAsync("/_bulk", Ndjson(body, type));
        Assert.Equal(expected, r.StatusCode);
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        Assert.Equal((int)expected, doc.RootElement.GetProperty("status").GetInt32());
        Assert.Contains(reason, doc.RootElement.GetProperty("error").GetRawText(), StringComparison.Ordinal);
    }

    // End to end: the documents rsyslog (forwarder template of deploy/rsyslog) and syslog-ng
    // (elasticsearch-http(), with and without flags(no-parse)) send become typed commands.
    [Fact]
    public async Task Rsyslog_and_syslog_ng_documents_become_commands()
    {
        var host = Unique.Host("docs");
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);
        var stamp = at.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", System.Globalization.CultureInfo.InvariantCulture);
        var iso = at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
        var rsyslog = $"{{\"index\":{{\"_index\": \"audit\",\"_type\":\"events\", \"_id\":\"A1{host}\"}}}}\n" +
            $"{{ \"message\": \"{stamp} {host} alice: alice [4001]: ls -la [0]\", \"host\": {{ \"name\": \"{host}\" }}, \"log\": {{ \"file\": {{ \"path\": \"\\/var\\/log\\/commands.log\" }} }} }}\n\n";
        var syslogNgRaw = "{\"index\":{\"_index\":\"audit\",\"_id\":\"7082fa91@1\"}}\n" +
            $"{{\"PRIORITY\":\"notice\",\"MESSAGE\":\"{stamp} {host} bob: bob [4002]: uptime [0]\",\"ISODATE\":\"{iso}\",\"HOST\":\"{host}\",\"FILE_NAME\":\"/var/log/commands.log\",\"@timestamp\":\"{iso}\"}}\n";
        var syslogNgParsed = "{\"index\":{\"_index\":\"audit\",\"_id\":\"7082fa91@2\"}}\n" +
            $"{{\"PROGRAM\":\"carol\",\"PRIORITY\":\"notice\",\"PID\":\"\",\"MESSAGE\":\"carol [4003]: whoami [1]\",\"ISODATE\":\"{iso}\",\"HOST\":\"{host}\",\"FILE_NAME\":\"/var/log/commands.log\",\"@timestamp\":\"{iso}\"}}\n";
        using (var c = Client()) (await c.PostAsync("/_bulk", Ndjson(rsyslog, "application/json"))).EnsureSuccessStatusCode();
        using (var c = Client("syslog-ng 3.38.1/libcurl 7.88.1"))
        {
            (await c.PostAsync("/_bulk", Ndjson(syslogNgRaw))).EnsureSuccessStatusCode();
            (await c.PostAsync("/_bulk", Ndjson(syslogNgParsed))).EnsureSuccessStatusCode();
        }

        await api.Host.ParseAllAsync();
        using var reader = api.Host.Client();
        reader.DefaultRequestHeaders.Add("X-Api-Key", AuditApiFactory.AdminKey);
        using var doc = JsonDocument.Parse(await reader.GetStringAsync($"/api/v1/commands?host={host}&from={at.AddHours(-1):O}".Replace("+", "%2B", StringComparison.Ordinal)));
        var commands = doc.RootElement.GetProperty("items").EnumerateArray()
            .Select(i => (i.GetProperty("user").GetString(), i.GetProperty("command").GetString(), i.GetProperty("exitCode").GetInt32()))
            .OrderBy(x => x.Item1).ToList();
        Assert.Equal([("alice", "ls -la", 0), ("bob", "uptime", 0), ("carol", "whoami", 1)], commands);
    }
}
