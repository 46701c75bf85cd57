using System.Net;
using System.Text.Json;
using Audit.Tests.Support;

namespace Audit.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class SwaggerTests(AuditApiFactory api)
{
    [Fact]
    public async Task Swagger_documents_every_query_endpoint_with_the_api_key_scheme_and_examples()
    {
        using var client = api.CreateClient();
        var r = await client.GetAsync("/swagger/v1/swagger.json");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        var paths = doc.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        foreach (var path in new[] { "/api/v1/ingest", "/api/v1/commands", "/api/v1/executions", "/api/v1/audit-events", "/api/v1/logins", "/api/v1/sudo",
                     "/api/v1/account-changes", "/api/v1/app-events", "/api/v1/sessions", "/api/v1/sessions/{id}", "/api/v1/timeline", "/api/v1/search",
                     "/api/v1/stats/summary", "/api/v1/unparsed", "/api/v1/admin/keys", "/api/v1/admin/query-log", "/api/v1/admin/reparse" })
        {
            Assert.Contains(path, paths);
        }

        var schemes = doc.RootElement.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("X-Api-Key", schemes.GetProperty("ApiKey").GetProperty("name").GetString());
        var commandItem = doc.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("CommandItem");
        Assert.True(commandItem.TryGetProperty("examples", out _) || commandItem.TryGetProperty("example", out _), commandItem.ToString());

        var limit = doc.RootElement.GetProperty("paths").GetProperty("/api/v1/commands").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Single(p => p.GetProperty("name").GetString() == "limit");
        Assert.Contains("1000", limit.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Swagger_ui_is_served_without_a_key()
    {
        using var client = api.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/swagger/index.html")).StatusCode);
    }
}
