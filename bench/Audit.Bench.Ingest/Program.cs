using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Audit.Bench.Ingest;
using Npgsql;
using NpgsqlTypes;

// Ingest benchmark (issue 2; targets in bench/README.md): accept rate over HTTP vs plain COPY into the same staging table, parse
// rate, accept→queryable lag at a sustained rate, API memory. See bench/README.md.
var opts = BenchOptions.Parse(args);
var dll = BenchDatabase.ApiDll();
var server = BenchDatabase.Server;
var dbName = $"audit_bench_{DateTime.UtcNow:yyyyMMddHHmmss}";
await BenchDatabase.ExecAsync(server + ";Database=postgres", $"CREATE DATABASE {dbName}");
var cs = new NpgsqlConnectionStringBuilder(server) { Database = dbName, MaxPoolSize = 60 }.ConnectionString;
const string key = "bench-admin-key-0123456789abcdef";
if (args.Contains("--hostile"))
{
    await HostileBench.RunAsync(dll, cs, key, opts.Port);
    if (!opts.Keep) await BenchDatabase.ExecAsync(server + ";Database=postgres", $"DROP DATABASE {dbName} WITH (FORCE)");
    return;
}

Console.WriteLine($"# Audit ingest benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {await BenchDatabase.ScalarAsync(cs, "SHOW server_version")}, database {dbName}");
Console.WriteLine($"# {opts.Batches} batches x {opts.BatchSize} lines, {opts.Senders} concurrent senders, Filebeat-shaped NDJSON with log.offset; {opts.Workers} parse workers");

var factory = new LineFactory(42);
long offset = 0;
var now = DateTimeOffset.UtcNow;
var bodies = Enumerable.Range(0, opts.Batches).Select(_ => factory.FilebeatBody(opts.BatchSize, ref offset, now)).ToArray();
var totalLines = (long)opts.Batches * opts.BatchSize;
Console.WriteLine($"# body size {bodies.Average(b => b.Length) / opts.BatchSize:F0} bytes/line on the wire");

// 1. Accept, parse server off: pure staging throughput.
double acceptRate, acceptP50, acceptP99, acceptRss;
await using (var api = await ApiProcess.StartAsync(dll, cs, key, opts.Port, parseServer: false))
{
    using var http = Client(api.Url, key);
    await Post(http, bodies[0][..bodies[0].AsSpan().IndexOf((byte)'\n')]); // warm-up (one line)
    var (elapsed, latencies) = await SendAll(http, bodies, opts.Senders);
    acceptRate = totalLines / elapsed.TotalSeconds;
    acceptP50 = Stats.Percentile(latencies, 50);
    acceptP99 = Stats.Percentile(latencies, 99);
    acceptRss = api.PeakRssMiB();
    Console.WriteLine($"accept: {totalLines:N0} lines in {elapsed.TotalSeconds:F2} s = {acceptRate:N0} lines/s ({totalLines / elapsed.TotalSeconds * bodies.Average(b => b.Length) / opts.BatchSize / 1048576:F1} MiB/s); request p50 {acceptP50:F0} ms, p99 {acceptP99:F0} ms; API peak RSS {acceptRss:F0} MiB");

    // Retry of the same batches: all duplicates, nothing stored twice.
    var (dupElapsed, _) = await SendAll(http, bodies.Take(Math.Max(1, opts.Batches / 10)).ToArray(), opts.Senders);
    var stored = await BenchDatabase.ScalarAsync(cs, "SELECT count(*) FROM raw_lines");
    Console.WriteLine($"retry of {Math.Max(1, opts.Batches / 10)} batches (all duplicates): {dupElapsed.TotalSeconds:F2} s; raw_lines holds {stored} rows (expected {totalLines}: the warm-up line repeats batch 0's first line)");
}

// 2. Reference: plain binary COPY of the same lines into the same staging table, same batching and concurrency.
var copyRate = await PlainCopy(cs, bodies, opts.Senders);
Console.WriteLine($"plain COPY reference: {copyRate:N0} lines/s  → accept/COPY = {acceptRate / copyRate:P0}");

// 3. Parse: start the API with its parse workers and drain the backlog accepted above.
double parseRate, lagP50, lagP99, sustainedRss;
await using (var api = await ApiProcess.StartAsync(dll, cs, key, opts.Port, parseServer: true, new Dictionary<string, string> { ["Parsing__Workers"] = opts.Workers.ToString(System.Globalization.CultureInfo.InvariantCulture) }))
{
    var backlog = await BenchDatabase.ScalarAsync(cs, "SELECT coalesce(sum(line_count), 0) FROM parse_queue");
    var sw = Stopwatch.StartNew();
    long left;
    while ((left = Convert.ToInt64(await BenchDatabase.ScalarAsync(cs, "SELECT coalesce(sum(line_count), 0) FROM parse_queue"), System.Globalization.CultureInfo.InvariantCulture)) > 0)
    {
        await Task.Delay(200);
    }

    parseRate = Convert.ToInt64(backlog, System.Globalization.CultureInfo.InvariantCulture) / sw.Elapsed.TotalSeconds;
    Console.WriteLine($"parse: {backlog:N0} queued lines drained in {sw.Elapsed.TotalSeconds:F2} s = {parseRate:N0} lines/s " +
        $"(events: {await BenchDatabase.ScalarAsync(cs, "SELECT (SELECT count(*) FROM commands) + (SELECT count(*) FROM unparsed_lines)")} rows written incl. unparsed)");

    // 4. Lag at a sustained rate: send opts.Rate lines/s for opts.Seconds, then read each batch's commit→parsed lag.
    using var http = Client(api.Url, key);
    var (sent, batchIds) = await SendAtRate(http, factory, opts.Rate, opts.Seconds, opts.RateBatch);
    while (Convert.ToInt64(await BenchDatabase.ScalarAsync(cs, "SELECT coalesce(sum(line_count), 0) FROM parse_queue"), System.Globalization.CultureInfo.InvariantCulture) > 0) await Task.Delay(200);
    var lags = await Lags(cs, batchIds);
    lagP50 = Stats.Percentile(lags, 50) / 1000.0;
    lagP99 = Stats.Percentile(lags, 99) / 1000.0;
    sustainedRss = api.PeakRssMiB();
    Console.WriteLine($"lag at {opts.Rate:N0} lines/s for {opts.Seconds} s ({sent:N0} lines, {batchIds.Count} batches): accept→queryable p50 {lagP50:F2} s, p99 {lagP99:F2} s, max {lags.DefaultIfEmpty().Max() / 1000.0:F2} s; API peak RSS {sustainedRss:F0} MiB");
}

Console.WriteLine();
Console.WriteLine("| measure | result | target |");
Console.WriteLine("|---|---|---|");
Console.WriteLine($"| accept (durable, deduplicated) | {acceptRate:N0} lines/s | ≥ 100,000 lines/s |");
Console.WriteLine($"| plain COPY, same lines, same table | {copyRate:N0} lines/s | reference |");
Console.WriteLine($"| accept / plain COPY | {acceptRate / copyRate:P0} | ≥ 50 % |");
Console.WriteLine($"| parse + normalize | {parseRate:N0} lines/s | ≥ 50,000 lines/s |");
Console.WriteLine($"| lag p50 / p99 at {opts.Rate:N0} lines/s | {lagP50:F2} s / {lagP99:F2} s | ≤ 1 s / ≤ 5 s |");
Console.WriteLine($"| API peak RSS | {Math.Max(acceptRss, sustainedRss):F0} MiB | ≤ 400 MB |");

if (!opts.Keep) await BenchDatabase.ExecAsync(server + ";Database=postgres", $"DROP DATABASE {dbName} WITH (FORCE)");
return;

static HttpClient Client(string url, string key)
{
    var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(2) };
    http.DefaultRequestHeaders.Add("X-Api-Key", key);
    return http;
}

static async Task<JsonElement> Post(HttpClient http, byte[] body)
{
    using var content = new ByteArrayContent(body);
    content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
    using var r = await http.PostAsync("/api/v1/ingest", content);
    var text = await r.Content.ReadAsStringAsync();
    if ((int)r.StatusCode != 202) throw new InvalidOperationException($"ingest answered {(int)r.StatusCode}: {text}");
    return JsonDocument.Parse(text).RootElement.Clone();
}

static async Task<(TimeSpan Elapsed, List<double> LatenciesMs)> SendAll(HttpClient http, byte[][] bodies, int senders)
{
    var next = -1;
    var latencies = new List<double>();
    var sw = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, senders).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < bodies.Length)
        {
            var t = Stopwatch.StartNew();
            await Post(http, bodies[i]);
            lock (latencies) latencies.Add(t.Elapsed.TotalMilliseconds);
        }
    }));
    return (sw.Elapsed, latencies);
}

static async Task<(long Sent, List<long> BatchIds)> SendAtRate(HttpClient http, LineFactory factory, int rate, int seconds, int batch)
{
    var ids = new List<long>();
    long offset = 1L << 40, sent = 0;
    var interval = TimeSpan.FromSeconds((double)batch / rate);
    var sw = Stopwatch.StartNew();
    var inflight = new List<Task>();
    for (var n = 0; sw.Elapsed < TimeSpan.FromSeconds(seconds); n++)
    {
        var wait = interval * n - sw.Elapsed;
        if (wait > TimeSpan.Zero) await Task.Delay(wait);
        var body = factory.FilebeatBody(batch, ref offset, DateTimeOffset.UtcNow);
        sent += batch;
        inflight.Add(Task.Run(async () =>
        {
            var r = await Post(http, body);
            lock (ids) ids.Add(r.GetProperty("batchId").GetInt64());
        }));
    }

    await Task.WhenAll(inflight);
    return (sent, ids);
}

static async Task<List<double>> Lags(string cs, List<long> batchIds)
{
    await using var conn = new NpgsqlConnection(cs);
    await conn.OpenAsync();
    await using var cmd = new NpgsqlCommand("SELECT lag_ms FROM batch_parses WHERE batch_id = ANY(@ids)", conn);
    cmd.Parameters.AddWithValue("ids", batchIds.ToArray());
    var lags = new List<double>();
    await using var r = await cmd.ExecuteReaderAsync();
    while (await r.ReadAsync()) lags.Add(r.GetInt32(0));
    return lags;
}

static async Task<double> PlainCopy(string cs, byte[][] bodies, int senders)
{
    // The same lines and columns the API writes, keys made fresh so the dedup index takes them all.
    var rows = bodies.Select(b => JsonLines(b)).ToArray();
    var day = DateOnly.FromDateTime(DateTime.UtcNow);
    var next = -1;
    var sw = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, senders).Select(async _ =>
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        int i;
        while ((i = Interlocked.Increment(ref next)) < rows.Length)
        {
            var batchId = (1L << 38) + i;
            await using var tx = await conn.BeginTransactionAsync();
            await using (var w = await conn.BeginBinaryImportAsync("COPY raw_lines (received_on, id, received_at, host, source, program, shipper_time, time_zone, dedup_key, line, line_bytes, fields) FROM STDIN (FORMAT BINARY)"))
            {
                var at = DateTimeOffset.UtcNow;
                var n = 0;
                foreach (var (host, path, line) in rows[i])
                {
                    await w.WriteRowAsync(default, day, (batchId << 24) | (long)n++, at, host, path, DBNull.Value, at, DBNull.Value, Guid.NewGuid(), line, DBNull.Value, DBNull.Value);
                }

                await w.CompleteAsync();
            }

            await tx.CommitAsync();
        }
    }));
    return rows.Sum(r => r.Count) / sw.Elapsed.TotalSeconds;
}

static List<(string Host, string Path, string Line)> JsonLines(byte[] body)
{
    var list = new List<(string, string, string)>();
    foreach (var line in System.Text.Encoding.UTF8.GetString(body).Split('\n', StringSplitOptions.RemoveEmptyEntries))
    {
        var doc = JsonDocument.Parse(line).RootElement;
        list.Add((doc.GetProperty("host").GetProperty("name").GetString()!, doc.GetProperty("log").GetProperty("file").GetProperty("path").GetString()!, doc.GetProperty("message").GetString()!));
    }

    return list;
}
