using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Audit.Tests.Api.Ingest;
using Audit.Tests.Support;

namespace Audit.Tests.Api;

/// <summary>The smaller holes of issue 10 point 6, each asserted through real HTTP on a real database.</summary>
[Collection(ApiCollection.Name)]
public sealed class HostileRequestTests(AuditApiFactory api)
{
    [Fact]
    public async Task Reserved_names_in_extra_do_not_override_the_validated_actor()
    {
        var service = Unique.Host("extra");
        using var client = api.CreateClientWithKey();
        var r = await client.PostAsJsonAsync("/api/v1/app-events", new { actor = "alice", action = "deploy", service, extra = new { actor = "mallory", action = "nothing", ticket = "T-1" } });
        Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        await api.ParseAllAsync();

        Assert.Equal("alice", await api.Database.ScalarAsync<string>("SELECT actor FROM app_events WHERE host = @h", ("h", service)));
        Assert.Equal("deploy", await api.Database.ScalarAsync<string>("SELECT action FROM app_events WHERE host = @h", ("h", service)));
        Assert.Equal(0L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM app_events WHERE actor = 'mallory' AND host = @h", ("h", service)));
        Assert.Contains("mallory", await api.Database.ScalarAsync<string>("SELECT line FROM raw_lines WHERE host = @h", ("h", service)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chunked_app_event_body_over_4_mib_is_refused_with_413()
    {
        using var client = api.CreateClientWithKey();
        var big = "[" + string.Join(",", Enumerable.Repeat("""{"actor":"a","action":"b","resource":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}""", 6 * 1024 * 1024 / 110)) + "]";
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/app-events") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        var r = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    [Theory]
    [InlineData("to=0001-01-01")]
    [InlineData("from=0001-01-01T00:00:00Z&to=0001-01-02T00:00:00Z")]
    [InlineData("to=9999-12-31T23:59:59Z")]
    [InlineData("from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z")]
    [InlineData("from=1970-01-02T00:00:00Z")] // to defaults to now: the window is checked once resolved
    public async Task Impossible_or_overlong_windows_are_refused_with_400(string window)
    {
        using var client = api.CreateClientWithKey();
        foreach (var path in (string[])["/api/v1/commands", "/api/v1/timeline", "/api/v1/stats/summary", "/api/v1/stats/series"])
        {
            var r = await client.GetAsync($"{path}?{window}");
            Assert.True(r.StatusCode == HttpStatusCode.BadRequest, $"{path}?{window}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task A_bearer_token_is_accepted_as_a_key()
    {
        using var client = api.CreateClientWithAuthorization("Bearer", AuditApiFactory.AdminKey);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/commands")).StatusCode);
        using var wrong = api.CreateClientWithAuthorization("Bearer", "not-a-key-at-all");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/v1/commands")).StatusCode);
    }

    [Fact]
    public async Task Refused_and_admin_requests_are_in_the_query_log()
    {
        var marker = Unique.Host("denied");
        using var nobody = api.CreateClientWithKey("audit_wrong-key-" + marker);
        Assert.Equal(HttpStatusCode.Unauthorized, (await nobody.GetAsync($"/api/v1/commands?host={marker}-401")).StatusCode);
        using var admin = api.CreateClientWithKey();
        using var ingestOnly = api.CreateClientWithKey(await HostileIngestTests.CreateIngestKeyAsync(admin, marker));
        Assert.Equal(HttpStatusCode.Forbidden, (await ingestOnly.GetAsync($"/api/v1/commands?host={marker}-403")).StatusCode);

        Task<long> Logged(string method, string path, int status, string query) => api.Database.ScalarAsync<long>(
            "SELECT count(*) FROM query_log WHERE method = @m AND path = @p AND status = @s AND query LIKE '%' || @q || '%'",
            ("m", method), ("p", path), ("s", status), ("q", query));
        Assert.Equal(1L, await Logged("GET", "/api/v1/commands", 401, marker + "-401"));
        Assert.Equal(1L, await Logged("GET", "/api/v1/commands", 403, marker + "-403"));
        Assert.True(await api.Database.ScalarAsync<long>("SELECT count(*) FROM query_log WHERE method = 'POST' AND path = '/api/v1/admin/keys' AND status = 201") >= 1);
    }
}

/// <summary>Failed-auth throttling and the Hangfire dashboard's origin check; each test runs its own host.</summary>
public sealed class AuthThrottleTests
{
    [Fact]
    public async Task Repeated_wrong_keys_are_throttled_with_429_also_on_the_dashboard()
    {
        var api = new AuditApiFactory { Settings = { ["Auth:MaxFailuresPerMinute"] = "3" } };
        await api.StartAsync();
        await using (api)
        {
            for (var i = 0; i < 3; i++)
            {
                using var wrong = api.CreateClientWithKey($"wrong-guess-{i}-{Guid.NewGuid():N}");
                Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/v1/commands")).StatusCode);
            }

            using var guessing = api.CreateClientWithKey("wrong-guess-again");
            var refused = await guessing.GetAsync("/api/v1/commands");
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);

            var bulk = await guessing.PostAsync("/_bulk", new StringContent("{\"create\":{}}\n{\"message\":\"x\"}\n", Encoding.UTF8, "application/x-ndjson"));
            Assert.Equal(HttpStatusCode.TooManyRequests, bulk.StatusCode); // Elasticsearch's shape, which shippers retry
            Assert.True(bulk.Headers.Contains("Retry-After"));

            // While throttled, even the right password is not checked: guessing gains nothing.
            using var dashboard = api.CreateClientWithAuthorization("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + AuditApiFactory.AdminKey)));
            var throttledDashboard = await dashboard.GetAsync("/hangfire");
            Assert.Equal(HttpStatusCode.TooManyRequests, throttledDashboard.StatusCode);
            Assert.True(throttledDashboard.Headers.Contains("Retry-After"));
        }
    }

    [Fact]
    public async Task The_service_refuses_to_start_with_an_admin_key_shorter_than_32_characters()
    {
        var api = new AuditApiFactory { Settings = { ["Auth:AdminKey"] = "x" } };
        await api.StartAsync();
        await using (api)
        {
            var e = Assert.ThrowsAny<Exception>(() => api.CreateClient());
            Assert.Contains("Auth:AdminKey must be at least 32 characters", e.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_dashboard_post_from_a_foreign_origin_is_refused()
    {
        var api = new AuditApiFactory();
        await api.StartAsync();
        await using (api)
        {
            using var dashboard = api.CreateClientWithAuthorization("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + AuditApiFactory.AdminKey)));
            var page = await dashboard.GetAsync("/hangfire");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            // The dashboard page carries the antiforgery header name and token its own scripts send back
            // (the console's Razor Pages register antiforgery, which Hangfire then enforces on POSTs).
            var html = await page.Content.ReadAsStringAsync();
            var header = System.Text.RegularExpressions.Regex.Match(html, "<meta name=\"csrf-header\" content=\"([^\"]+)\"").Groups[1].Value;
            var token = System.Text.RegularExpressions.Regex.Match(html, "<meta name=\"csrf-token\" content=\"([^\"]+)\"").Groups[1].Value;
            Assert.NotEmpty(header);
            Assert.NotEmpty(token);
            var own = dashboard.BaseAddress!.GetLeftPart(UriPartial.Authority);

            HttpRequestMessage Post(string? origin, bool withToken = true)
            {
                var m = new HttpRequestMessage(HttpMethod.Post, "/hangfire/stats") { Content = new FormUrlEncodedContent([new("metrics[]", "enqueued:count")]) };
                if (origin is not null) m.Headers.Add("Origin", origin);
                if (withToken) m.Headers.Add(header, token);
                return m;
            }

            Assert.NotEqual(HttpStatusCode.OK, (await dashboard.SendAsync(Post("https://evil.example"))).StatusCode);
            Assert.NotEqual(HttpStatusCode.OK, (await dashboard.SendAsync(Post(null))).StatusCode);
            Assert.NotEqual(HttpStatusCode.OK, (await dashboard.SendAsync(Post(own, withToken: false))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await dashboard.SendAsync(Post(own))).StatusCode);
        }
    }
}
