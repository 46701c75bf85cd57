using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Audit.Infrastructure.Parsing;
using Audit.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Audit.Tests.Infrastructure.Parsing;

[Collection(ApiCollection.Name)]
public sealed class ReparseJobTests(AuditApiFactory api)
{
    [Fact]
    public async Task Reparsing_a_range_restores_a_lost_row_and_twice_never_duplicates()
    {
        var host = Unique.Host();
        var started = DateTimeOffset.UtcNow.AddSeconds(-1);
        using var client = api.CreateClientWithKey();
        var now = DateTimeOffset.UtcNow;
        var body = $"""
            {now:O} {host} sshd[10]: Accepted password for ida from 198.51.100.4 port 2222 ssh2
            {now:O} {host} ida: ida [11]: ls [0]
            {now:O} {host} ida: ida [11]: pwd [0]
            this line has no header {host}
            """;
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/v1/ingest?host={host}&source=/var/log/messages", new StringContent(body, Encoding.UTF8, "text/plain"))).StatusCode);
        await api.ParseAllAsync();
        Assert.Equal((1L, 2L, 1L), await Counts(host));

        // A derived row lost (deleted, or never written by an older parser): only a reparse that really
        // parses the stored lines again brings it back.
        await api.Database.ExecAsync("DELETE FROM commands WHERE host = @h AND command = 'pwd'", ("h", host));
        Assert.Equal("ls", await Commands(host));

        for (var run = 0; run < 2; run++)
        {
            var r = await client.PostAsJsonAsync("/api/v1/admin/reparse", new { from = started.ToString("O"), to = DateTimeOffset.UtcNow.ToString("O"), onlyUnparsed = false });
            Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
            using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
            await RunJob(doc.RootElement.GetProperty("id").GetInt64());
            Assert.Equal("ls,pwd", await Commands(host));
            Assert.Equal((1L, 2L, 1L), await Counts(host));
        }
    }

    [Fact]
    public async Task Only_unparsed_reparse_touches_only_unparsed_lines_and_keeps_counts_right()
    {
        var host = Unique.Host();
        var started = DateTimeOffset.UtcNow.AddSeconds(-1);
        using var client = api.CreateClientWithKey();
        var now = DateTimeOffset.UtcNow;
        await client.PostAsync($"/api/v1/ingest?host={host}&source=/var/log/commands.log", new StringContent($"{now:O} {host} jo: jo [5]: make [0]\nnot a log line\n", Encoding.UTF8, "text/plain"));
        await api.ParseAllAsync();
        var reason = await api.Database.ScalarAsync<string>("SELECT reason FROM unparsed_lines WHERE host = @h", ("h", host));

        // Marks what a reparse of the unparsed line must rewrite, and what it must leave alone: the
        // stale reason comes back as the parser's, the deleted command of a parsed line stays deleted.
        await api.Database.ExecAsync("UPDATE unparsed_lines SET reason = 'stale' WHERE host = @h", ("h", host));
        await api.Database.ExecAsync("DELETE FROM commands WHERE host = @h", ("h", host));

        var r = await client.PostAsJsonAsync("/api/v1/admin/reparse", new { from = started.ToString("O"), to = DateTimeOffset.UtcNow.ToString("O"), onlyUnparsed = true });
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        var id = doc.RootElement.GetProperty("id").GetInt64();
        await RunJob(id);

        Assert.Equal((0L, 0L, 1L), await Counts(host));
        Assert.Equal(reason, await api.Database.ScalarAsync<string>("SELECT reason FROM unparsed_lines WHERE host = @h", ("h", host)));
        Assert.NotEqual("stale", reason);
        Assert.Equal("2/1/0/1", await api.Database.ScalarAsync<string>("SELECT string_agg(p.lines || '/' || p.parsed || '/' || p.noise || '/' || p.unparsed, ',') FROM batch_parses p WHERE p.batch_id IN (SELECT DISTINCT id >> 24 FROM raw_lines WHERE host = @h)", ("h", host)));
        using var status = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/admin/reparse/{id}"));
        Assert.NotEqual(JsonValueKind.Null, status.RootElement.GetProperty("finishedAt").ValueKind);
    }

    [Fact]
    public async Task Bad_requests_are_400()
    {
        using var client = api.CreateClientWithKey();
        var r = await client.PostAsJsonAsync("/api/v1/admin/reparse", new { from = "2026-11-02T00:00:00Z", to = "2026-11-01T00:00:00Z" });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
    }

    private async Task RunJob(long id)
    {
        using var scope = api.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<ReparseJob>().RunAsync(id, CancellationToken.None);
    }

    private Task<string> Commands(string host) =>
        api.Database.ScalarAsync<string>("SELECT string_agg(command, ',' ORDER BY command) FROM commands WHERE host = @h", ("h", host));

    private async Task<(long Logins, long Commands, long Unparsed)> Counts(string host) => (
        await api.Database.ScalarAsync<long>("SELECT count(*) FROM logins WHERE host = @h", ("h", host)),
        await api.Database.ScalarAsync<long>("SELECT count(*) FROM commands WHERE host = @h", ("h", host)),
        await api.Database.ScalarAsync<long>("SELECT count(*) FROM unparsed_lines WHERE host = @h", ("h", host)));
}
