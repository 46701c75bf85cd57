using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Audit.Tests.Support;
using Audit.Tests.Ui;

namespace Audit.Tests.Api;

/// <summary>
/// CSV and NDJSON exports carry what a JSON page carries: the CSV header is the items' JSON properties,
/// named and ordered alike, every NDJSON line has exactly those properties, and both hold the same rows
/// in the same order. A list whose export columns were written by hand would fail here when its item changes.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ExportContractTests(AuditApiFactory api)
{
    private static readonly string[] Lists =
    [
        "commands", "commands/artefacts", "logins", "sudo", "account-changes", "app-events", "unparsed",
        "executions", "audit-events", "sessions", "timeline", "search", "admin/query-log",
    ];

    [Fact]
    public async Task Every_lists_csv_columns_and_ndjson_fields_are_its_json_items_properties_in_order()
    {
        var (host, window) = await SeedAsync();
        using var client = api.CreateClientWithKey();
        var mismatches = new List<string>();
        foreach (var list in Lists)
        {
            var query = list switch
            {
                "admin/query-log" => $"{window}&path=/api/v1/logins",
                "search" => $"{window}&host={host}&q=shadow",
                _ => $"{window}&host={host}",
            };
            var url = $"/api/v1/{list}?{query}";
            using var page = JsonDocument.Parse(await GetAsync(client, url, "application/json"));
            var items = page.RootElement.GetProperty("items").EnumerateArray().ToList();
            if (items.Count == 0)
            {
                mismatches.Add($"{list}: the seed gave no items, so nothing is compared");
                continue;
            }

            var properties = Names(items[0]);
            var csv = ParseCsv(await GetAsync(client, url, "text/csv"));
            var ndjson = (await GetAsync(client, url, "application/x-ndjson")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();

            if (!csv[0].SequenceEqual(properties)) mismatches.Add($"{list}: CSV header [{string.Join(',', csv[0])}], JSON [{string.Join(',', properties)}]");
            var badLine = ndjson.FindIndex(d => !Names(d).SequenceEqual(properties));
            if (badLine >= 0) mismatches.Add($"{list}: NDJSON line {badLine} has [{string.Join(',', Names(ndjson[badLine]))}], JSON [{string.Join(',', properties)}]");

            // Same rows, same order: the key column of each (rawId, or the query log's id).
            var key = properties.Contains("rawId") ? "rawId" : "id";
            var at = Array.IndexOf(csv[0], key);
            var pageKeys = items.Select(i => i.GetProperty(key).ToString()).ToList();
            var csvKeys = at < 0 ? [] : csv.Skip(1).Select(r => r[at]).ToList();
            var ndjsonKeys = ndjson.Select(d => d.TryGetProperty(key, out var v) ? v.ToString() : "").ToList();
            if (!csvKeys.SequenceEqual(pageKeys)) mismatches.Add($"{list}: CSV {key}s [{string.Join(',', csvKeys)}], JSON [{string.Join(',', pageKeys)}]");
            if (!ndjsonKeys.SequenceEqual(pageKeys)) mismatches.Add($"{list}: NDJSON {key}s [{string.Join(',', ndjsonKeys)}], JSON [{string.Join(',', pageKeys)}]");
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    /// <summary>
    /// One investigation (login, sudo, executions, commands) plus what it lacks for the other lists: an
    /// account change, a prompt repeated by an empty Enter (an artefact), an unparsed line and an app event.
    /// </summary>
    private async Task<(string Host, string Window)> SeedAsync()
    {
        var host = Unique.Host();
        var start = DateTimeOffset.UtcNow.AddHours(-2);
        var story = new Investigation(host, start);
        string At(int s) => $"{story.Start.AddSeconds(s):O} {host}";
        using var client = api.CreateClientWithKey();
        var logs = new[]
        {
            ("/var/log/auth.log", story.AuthLog.Append($"{At(70)} useradd[5300]: new user: name=dave, UID=1010, GID=1010, home=/home/dave, shell=/bin/sh, from=/dev/pts/1")),
            ("/var/log/audit/audit.log", story.AuditLog),
            ("/var/log/commands.log", story.CommandsLog.Concat([$"{At(90)} carol: carol [5250]:    7  uptime [0]", $"{At(91)} carol: carol [5250]:    7  uptime [0]", "a line nobody parses"])),
        };
        foreach (var (source, lines) in logs)
        {
            var posted = await client.PostAsync($"/api/v1/ingest?host={host}&source={Uri.EscapeDataString(source)}", new StringContent(string.Join('\n', lines) + "\n", Encoding.UTF8, "text/plain"));
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        }

        var app = await client.PostAsJsonAsync("/api/v1/app-events", new[]
        {
            new { actor = "carol", action = "deploy", resource = "svc,\"x\"", host, time = story.Start.AddSeconds(80).ToString("O"), before = new { a = 1 }, after = new { a = "=2" } },
        });
        Assert.True(app.IsSuccessStatusCode, $"app-events answered {(int)app.StatusCode}");
        await api.ParseAllAsync();

        // The query log's rows of this window: one read of /logins, recorded before the window closes.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/logins?host={host}")).StatusCode);
        var logged = await Eventually.ReachAsync(
            async () => await client.GetStringAsync($"/api/v1/admin/query-log?path=/api/v1/logins&from={Iso(start)}"),
            body => body.Contains(host, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Contains(host, logged, StringComparison.Ordinal);
        return (host, $"from={Iso(start.AddMinutes(-1))}&to={Iso(DateTimeOffset.UtcNow)}");
    }

    private static string Iso(DateTimeOffset t) => Uri.EscapeDataString(t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));

    private static async Task<string> GetAsync(HttpClient client, string url, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd(accept);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} ({accept}) answered {(int)response.StatusCode}: {body}");
        return body;
    }

    private static string[] Names(JsonElement item) => item.EnumerateObject().Select(p => p.Name).ToArray();

    /// <summary>RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks.</summary>
    private static List<string[]> ParseCsv(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                records.Add([.. fields]);
                fields.Clear();
            }
            else if (c != '\r') field.Append(c);
        }

        if (field.Length > 0 || fields.Count > 0) records.Add([.. fields, field.ToString()]);
        return records;
    }
}
