using System.Diagnostics;
using System.Text.Json;
using Audit.Bench.Ingest;
using Audit.Bench.Queries;
using Npgsql;

// Query benchmark (issue 4; targets in bench/README.md): fill the real tables with ~10M rows (30 days, 200 hosts, 2k users),
// then time the API's main queries over HTTP. See bench/README.md.
var rows = Arg("--rows", 10_000_000L);
var iterations = (int)Arg("--iterations", 200);
var warmup = (int)Arg("--warmup", 100);
var reuse = ArgText("--reuse");
var keep = args.Contains("--keep") || reuse is not null;
var dll = BenchDatabase.ApiDll();
var server = BenchDatabase.Server;
var dbName = reuse ?? $"audit_qbench_{DateTime.UtcNow:yyyyMMddHHmmss}";
if (reuse is null) await BenchDatabase.ExecAsync(server + ";Database=postgres", $"CREATE DATABASE {dbName}");
var cs = new NpgsqlConnectionStringBuilder(server) { Database = dbName, MaxPoolSize = 60 }.ConnectionString;
const string key = "bench-admin-key-0123456789abcdef";
var end = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(1), TimeSpan.Zero);

await using (var api = await ApiProcess.StartAsync(dll, cs, key, 18081, parseServer: false))
{
    Console.WriteLine($"# Audit query benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, database {dbName}");
    if (reuse is null)
    {
        var sw = Stopwatch.StartNew();
        // Shares of the month's rows per table.
        var total = await new DataGenerator(cs, end, 7).FillAsync(rows * 35 / 100, rows * 25 / 100, rows * 15 / 100, rows * 10 / 100, rows * 8 / 100, rows * 7 / 100);
        Console.WriteLine($"# loaded {total:N0} rows in {sw.Elapsed.TotalMinutes:F1} min through the real tables (binary COPY, all indexes), then ANALYZE");
    }

    Console.WriteLine($"# {await BenchDatabase.ScalarAsync(cs, "SELECT pg_size_pretty(pg_database_size(current_database()))")} database; {iterations} timed requests per query after {warmup} warm-up; HTTP to the API (incl. auth and query log)");
    using var http = new HttpClient { BaseAddress = new Uri(api.Url) };
    http.DefaultRequestHeaders.Add("X-Api-Key", key);
    var random = new Random(11);
    string Day(int daysBack) => Uri.EscapeDataString(end.AddDays(-daysBack).ToString("O"));

    var sessionIds = new List<string>();
    await using (var conn = new NpgsqlConnection(cs))
    {
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT occurred_at, raw_id FROM logins TABLESAMPLE SYSTEM (1) WHERE outcome = 'success' LIMIT 500", conn);
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) sessionIds.Add($"{r.GetFieldValue<DateTimeOffset>(0).UtcTicks}-{r.GetInt64(1)}");
    }

    var scenarios = new (string Name, Func<string> Url, double Target)[]
    {
        ("user + 24 h page (commands)", () => { var d = random.Next(1, 29); return $"/api/v1/commands?user={DataGenerator.User(random.Next(200))}&from={Day(d + 1)}&to={Day(d)}"; }, 25),
        ("host + 24 h page (commands)", () => { var d = random.Next(1, 29); return $"/api/v1/commands?host={DataGenerator.Host(random.Next(DataGenerator.Hosts))}&from={Day(d + 1)}&to={Day(d)}"; }, 25),
        ("host + 24 h page (logins)", () => { var d = random.Next(1, 29); return $"/api/v1/logins?host={DataGenerator.Host(random.Next(DataGenerator.Hosts))}&from={Day(d + 1)}&to={Day(d)}"; }, 25),
        ("user + 24 h page (executions)", () => { var d = random.Next(1, 29); return $"/api/v1/executions?user={DataGenerator.User(random.Next(200))}&from={Day(d + 1)}&to={Day(d)}"; }, 25),
        ("user + 24 h timeline (all kinds)", () => { var d = random.Next(1, 29); return $"/api/v1/timeline?user={DataGenerator.User(random.Next(200))}&from={Day(d + 1)}&to={Day(d)}"; }, 25),
        ("session detail", () => $"/api/v1/sessions/{sessionIds[random.Next(sessionIds.Count)]}", 25),
        // The console's pages (issue 12): the same reads rendered as HTML, through a signed-in console session.
        ("console: user + 24 h timeline page", () => { var d = random.Next(1, 29); return $"/ui/timeline?user={DataGenerator.User(random.Next(200))}&from={Day(d + 1)}&to={Day(d)}"; }, 300),
        ("console: host + 24 h timeline page", () => { var d = random.Next(1, 29); return $"/ui/timeline?host={DataGenerator.Host(random.Next(DataGenerator.Hosts))}&from={Day(d + 1)}&to={Day(d)}"; }, 300),
        ("console: session page", () => $"/ui/sessions/{sessionIds[random.Next(sessionIds.Count)]}", 300),
        ("substring search over 7 days", () => { var d = random.Next(0, 22); var q = new[] { "shadow", "x.sh", "4755", "tfplan", "backup.tar" }[random.Next(5)]; return $"/api/v1/search?q={q}&from={Day(d + 7)}&to={Day(d)}"; }, 150),
    };

    using var console = await ConsoleClient.SignInAsync(api.Url, key);

    Console.WriteLine();
    Console.WriteLine("| query | p50 | p95 | max | target p95 |");
    Console.WriteLine("|---|---|---|---|---|");
    foreach (var (name, url, target) in scenarios)
    {
        // Warm-up lets tiered JIT reach its optimised code, so the steady state is what is timed.
        var client = name.StartsWith("console:", StringComparison.Ordinal) ? console : http;
        for (var i = 0; i < warmup; i++) await Get(client, url());
        var times = new List<double>();
        for (var i = 0; i < iterations; i++)
        {
            var u = url();
            var t = Stopwatch.StartNew();
            await Get(client, u);
            times.Add(t.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine($"| {name} | {Stats.Percentile(times, 50):F1} ms | {Stats.Percentile(times, 95):F1} ms | {times.Max():F1} ms | ≤ {target} ms |");
    }

    Console.WriteLine($"\nAPI peak RSS {api.PeakRssMiB():F0} MiB");
}

if (!keep) await BenchDatabase.ExecAsync(server + ";Database=postgres", $"DROP DATABASE {dbName} WITH (FORCE)");
return;

static async Task Get(HttpClient http, string url)
{
    using var r = await http.GetAsync(url);
    var body = await r.Content.ReadAsStringAsync();
    if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"{url} answered {(int)r.StatusCode}: {body}");
    if (url.StartsWith("/ui/", StringComparison.Ordinal))
    {
        // A lost console session would answer the sign-in page (after a redirect) and time the wrong thing.
        if (r.RequestMessage?.RequestUri?.AbsolutePath.StartsWith("/ui/", StringComparison.Ordinal) != true || !body.Contains("</html>", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{url} did not render a console page");
        }

        return;
    }

    using var _ = JsonDocument.Parse(body);
}

long Arg(string name, long fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? long.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
}

string? ArgText(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
