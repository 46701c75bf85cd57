using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Audit.Tests.Support;

namespace Audit.Tests.Api.Ingest;

[Collection(ApiCollection.Name)]
public sealed class AppEventEndpointsTests(AuditApiFactory api)
{
    [Fact]
    public async Task Posted_events_are_staged_parsed_and_stored()
    {
        var service = Unique.Host("billing");
        using var client = api.CreateClientWithKey();
        var r = await client.PostAsJsonAsync("/api/v1/app-events", new object[]
        {
            new { actor = "alice", action = "invoice.void", resource = "inv-1", service, sourceIp = "2001:db8::7", before = new { state = "open" }, after = new { state = "void" }, extra = new { ticket = "FIN-9" } },
            new { time = "2026-11-25T08:00:00Z", actor = "bob", action = "export", service },
        });
        Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        await api.ParseAllAsync();

        await using var cmd = api.Database.DataSource.CreateCommand("SELECT actor, action, resource, source_ip, before->>'state', after->>'state', extra->>'ticket', occurred_at FROM app_events WHERE host = @h ORDER BY actor");
        cmd.Parameters.AddWithValue("h", service);
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(("alice", "invoice.void", "inv-1", "2001:db8::7", "open", "void", "FIN-9"),
            (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6)));
        Assert.True(await reader.ReadAsync());
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero), reader.GetFieldValue<DateTimeOffset>(7));
    }

    [Fact]
    public async Task Invalid_events_get_400_naming_each_bad_field()
    {
        using var client = api.CreateClientWithKey();
        var r = await client.PostAsJsonAsync("/api/v1/app-events", new object[]
        {
            new { actor = "a", action = "b", sourceIp = "999.1.1.1" },
            new { action = "b", time = "last tuesday", before = "not an object" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        var errors = doc.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Contains("events[0].sourceIp", errors);
        Assert.Contains("events[1].actor", errors);
        Assert.Contains("events[1].time", errors);
        Assert.Contains("events[1].before", errors);
    }

    [Theory]
    [InlineData("{\"actor\": ")]
    [InlineData("42")]
    public async Task Malformed_bodies_get_400(string body)
    {
        using var client = api.CreateClientWithKey();
        var r = await client.PostAsync("/api/v1/app-events", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
    }
}
