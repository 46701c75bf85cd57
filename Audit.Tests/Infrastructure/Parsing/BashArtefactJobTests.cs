using System.Net;
using System.Text;
using System.Text.Json;
using Audit.Tests.Support;

namespace Audit.Tests.Infrastructure.Parsing;

[Collection(ApiCollection.Name)]
public sealed class BashArtefactJobTests(AuditApiFactory api)
{
    [Fact]
    public async Task First_prompts_and_empty_enters_are_not_listed_as_commands()
    {
        var host = Unique.Host();
        var t = DateTimeOffset.UtcNow.AddMinutes(-10);
        string L(int s, int pid, string msg) => $"{t.AddSeconds(s):O} {host} gina: gina [{pid}]: {msg}";

        // Shell 1 starts with an empty history, runs two commands; shell 2 starts later (its first prompt
        // repeats "df -h" from the history file), runs one command, then the user presses Enter twice.
        await Post(string.Join('\n',
            L(0, 300, " [0]"),
            L(5, 300, "    1  uptime [0]"),
            L(9, 300, "    2  df -h [0]")));
        await api.ParseAllAsync();
        await Post(string.Join('\n',
            L(60, 301, "    2  df -h [0]"),
            L(65, 301, "    3  whoami [0]"),
            L(66, 301, "    3  whoami [0]"),
            L(67, 301, "    3  whoami [0]")));
        await api.ParseAllAsync();

        using var client = api.CreateClientWithKey();
        using var doc = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/commands?host={host}"));
        var commands = doc.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("command").GetString()!).Reverse().ToArray();
        Assert.Equal(["uptime", "df -h", "whoami"], commands);
    }

    private async Task Post(string body)
    {
        using var client = api.CreateClientWithKey();
        var r = await client.PostAsync("/api/v1/ingest?source=/var/log/commands.log", new StringContent(body, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
    }
}
