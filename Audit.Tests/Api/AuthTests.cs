using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Audit.Tests.Support;

namespace Audit.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class AuthTests(AuditApiFactory api)
{
    [Fact]
    public async Task Requests_without_a_key_get_401()
    {
        using var client = api.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/commands")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/api/v1/ingest", new StringContent("x", Encoding.UTF8, "text/plain"))).StatusCode);
    }

    [Fact]
    public async Task Wrong_key_gets_401_and_health_needs_none()
    {
        using var client = api.CreateClientWithKey("audit_not-a-real-key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/commands")).StatusCode);
        using var anonymous = api.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task Scopes_are_enforced_and_revocation_takes_effect()
    {
        using var admin = api.CreateClientWithKey();
        var ingestKey = await CreateKey(admin, "ingest");
        var readKey = await CreateKey(admin, "read");

        using var ingestOnly = api.CreateClientWithKey(ingestKey.Key);
        Assert.Equal(HttpStatusCode.Forbidden, (await ingestOnly.GetAsync("/api/v1/commands")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await ingestOnly.PostAsync("/api/v1/ingest?host=" + Unique.Host(), new StringContent("x", Encoding.UTF8, "text/plain"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ingestOnly.GetAsync("/api/v1/admin/keys")).StatusCode);

        using var reader = api.CreateClientWithKey(readKey.Key);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/v1/commands")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync("/api/v1/ingest", new StringContent("x", Encoding.UTF8, "text/plain"))).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/admin/keys/{readKey.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await reader.GetAsync("/api/v1/commands")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/v1/admin/keys/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task Keys_are_stored_hashed_and_listed_without_secret()
    {
        using var admin = api.CreateClientWithKey();
        var created = await CreateKey(admin, "read");
        var list = await admin.GetStringAsync("/api/v1/admin/keys");
        Assert.Contains(created.Id.ToString(), list, StringComparison.Ordinal);
        Assert.DoesNotContain(created.Key, list, StringComparison.Ordinal);
        var stored = await api.Database.ScalarAsync<long>("SELECT count(*) FROM api_keys WHERE encode(key_hash, 'escape') LIKE '%' || @k || '%'", ("k", created.Key));
        Assert.Equal(0L, stored);
    }

    [Theory]
    [InlineData("ApiKey", "{key}")]
    [InlineData("ApiKey", "{base64id:key}")]
    [InlineData("Basic", "{base64user:key}")]
    public async Task Shipper_authorization_forms_are_accepted(string scheme, string form)
    {
        using var admin = api.CreateClientWithKey();
        var key = (await CreateKey(admin, "read")).Key;
        var value = form switch
        {
            "{key}" => key,
            "{base64id:key}" => Convert.ToBase64String(Encoding.UTF8.GetBytes("some-id:" + key)),
            _ => Convert.ToBase64String(Encoding.UTF8.GetBytes("filebeat:" + key)),
        };
        using var client = api.CreateClientWithAuthorization(scheme, value);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/commands")).StatusCode);
    }

    [Theory]
    [InlineData("", new[] { "read" })]
    [InlineData("x", new string[0])]
    [InlineData("x", new[] { "superuser" })]
    public async Task Invalid_key_requests_get_400_naming_the_field(string name, string[] scopes)
    {
        using var admin = api.CreateClientWithKey();
        var r = await admin.PostAsJsonAsync("/api/v1/admin/keys", new { name, scopes });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("errors", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<(Guid Id, string Key)> CreateKey(HttpClient admin, string scope)
    {
        var r = await admin.PostAsJsonAsync("/api/v1/admin/keys", new { name = "test " + scope, scopes = new[] { scope } });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        return (doc.RootElement.GetProperty("id").GetGuid(), doc.RootElement.GetProperty("key").GetString()!);
    }
}
