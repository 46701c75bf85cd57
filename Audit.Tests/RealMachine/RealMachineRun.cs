using System.Text.Json;
using Audit.Tests.Support;

namespace Audit.Tests.RealMachine;

/// <summary>
/// The scenario, run once for the whole collection: the machine writes its logs, they are shipped
/// through the real API (its own fresh database) and parsed; the tests then only ask the API.
/// Set AUDIT_REALMACHINE_KEEP=1 to keep the logs (the folder is printed) for a look at the real lines.
/// </summary>
public sealed class RealMachineRun : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private string _workDir = "";

    public MachineRecording Recording { get; private set; } = null!;

    public ScenarioFacts Facts => Recording.Facts;

    public AuditApiFactory Api { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _workDir = Directory.CreateTempSubdirectory("audit-realmachine-").FullName;
        // The test user reads the bash snippet from here; everything else sits in private subfolders.
        HostCommand.Chmod(_workDir, "755");
        try
        {
            Recording = await MachineScenario.RecordAsync(_workDir);
        }
        catch
        {
            ForgetWorkDir();
            throw;
        }

        await Api.StartAsync();
        Client = Api.CreateClientWithKey();
        await LogShipping.ShipAsFilebeatAsync(Client, Recording.AuthLog, Facts.Host, "/var/log/auth.log");
        await LogShipping.ShipAsTextAsync(Client, Recording.CommandsLog, Facts.Host, "/var/log/commands.log");
        await LogShipping.ShipAsFilebeatAsync(Client, Recording.AuditLog, Facts.Host, "/var/log/audit/audit.log");
        await Api.ParseAllAsync();

        // auditd records of events still open when the lines arrived wait (audit_pending) until their
        // quiet window passes; the recurring parse job then emits them. Run it until none wait.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (await Api.Database.ScalarAsync<long>("SELECT count(*) FROM audit_pending WHERE host = @h", ("h", Facts.Host)) > 0)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException("auditd records still pending after 30 s of parse runs");
            await Task.Delay(500);
            await Api.ParseAllAsync();
        }

        // Likewise sshd connections whose lines wait for an attempt (a connection closed before any)
        // are placed once the connection has been quiet for its window.
        clock.Restart();
        while (await Api.Database.ScalarAsync<long>("SELECT count(*) FROM sshd_connections WHERE host = @h AND held > 0", ("h", Facts.Host)) > 0)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException("sshd lines still held after 30 s of parse runs");
            await Task.Delay(500);
            await Api.ParseAllAsync();
        }
    }

    /// <summary>Every item of a list endpoint (all pages), as JSON.</summary>
    public async Task<List<JsonElement>> ItemsAsync(string pathAndQuery)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var separator = pathAndQuery.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            var uri = $"/api/v1/{pathAndQuery}{separator}limit=1000&from={Uri.EscapeDataString(Facts.Started.AddMinutes(-1).ToString("O"))}"
                + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            using var response = await Client.GetAsync(uri);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"GET {uri} answered {(int)response.StatusCode}: {body}");
            using var doc = JsonDocument.Parse(body);
            items.AddRange(doc.RootElement.GetProperty("items").EnumerateArray().Select(e => e.Clone()));
            cursor = doc.RootElement.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        return items;
    }

    /// <summary>A string property of an item, null when absent or null.</summary>
    public static string? Str(JsonElement item, string name) =>
        item.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static int? Int(JsonElement item, string name) =>
        item.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;

    public static long? Long(JsonElement item, string name) =>
        item.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : null;

    public static string Describe(IEnumerable<JsonElement> items) => string.Join("\n", items.Select(i => JsonSerializer.Serialize(i, Web)));

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        await ((IAsyncLifetime)Api).DisposeAsync();
        ForgetWorkDir();
    }

    private void ForgetWorkDir()
    {
        if (Environment.GetEnvironmentVariable("AUDIT_REALMACHINE_KEEP") is { Length: > 0 })
        {
            Console.WriteLine("real-machine logs kept in " + _workDir);
        }
        else if (Directory.Exists(_workDir))
        {
            Directory.Delete(_workDir, recursive: true);
        }
    }
}
