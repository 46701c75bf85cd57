using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Audit.Bench.Ingest;
using Npgsql;

namespace Audit.Bench.Pipeline;

/// <summary>
/// Audit's side: <paramref name="nodes"/> API processes (Release build, children of this program) on one fresh
/// database, the senders split across them round robin. Each phase says what it measures.
/// </summary>
public sealed class OursBench(PipelineOptions o, string cs, int nodes, CpuMeter cpu) : IAsyncDisposable
{
    private const string AdminKey = "bench-admin-key-0123456789abcdef";
    private readonly List<ApiProcess> _apis = [];
    private readonly List<HttpClient> _clients = [];
    private string? _ingestKey;

    public double PeakRssMiB { get; private set; }

    private int _retries;

    /// <summary>Requests pushed back (429/503) and sent again.</summary>
    public int Retries => _retries;

    public IEnumerable<int> Pids => _apis.Select(a => a.Pid);

    public CpuMeter.Reading Cpu() => cpu.Read(Pids);

    /// <summary>Starts the nodes; the first alone when the database is new (it migrates), then the rest together.</summary>
    public async Task StartAsync(bool parse)
    {
        var extra = new Dictionary<string, string>();
        if (_ingestKey is null) _apis.Add(await ApiProcess.StartAsync(o.ApiDll, cs, AdminKey, o.Port, parse, extra));
        var rest = Enumerable.Range(_apis.Count, nodes - _apis.Count).Select(i => ApiProcess.StartAsync(o.ApiDll, cs, AdminKey, o.Port + i, parse, extra));
        _apis.AddRange(await Task.WhenAll(rest));
        _ingestKey ??= await CreateIngestKeyAsync(_apis[0].Url);
        foreach (var api in _apis)
        {
            var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri(api.Url), Timeout = TimeSpan.FromMinutes(5) };
            http.DefaultRequestHeaders.Add("X-Api-Key", _ingestKey);
            _clients.Add(http);
        }
    }

    public async Task StopAsync()
    {
        foreach (var api in _apis) PeakRssMiB = Math.Max(PeakRssMiB, api.PeakRssMiB());
        foreach (var c in _clients) c.Dispose();
        foreach (var api in _apis) await api.DisposeAsync();
        _clients.Clear();
        _apis.Clear();
    }

    /// <summary>An ingest-scoped key, created through the admin API as an operator would for a shipper.</summary>
    private static async Task<string> CreateIngestKeyAsync(string url)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        using var r = await http.PostAsJsonAsync("/api/v1/admin/keys", new { name = "bench pipeline", scopes = new[] { "ingest" } });
        var text = await r.Content.ReadAsStringAsync();
        if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"creating an ingest key answered {(int)r.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("key").GetString()!;
    }

    /// <summary>Posts one body; 429/503 (pushed back) are retried after a short pause and counted. Returns the answer.</summary>
    public async Task<JsonElement> PostAsync(int node, Body body)
    {
        while (true)
        {
            using var content = new ByteArrayContent(body.Bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue(body.ContentType);
            using var r = await _clients[node % _clients.Count].PostAsync("/api/v1/ingest" + body.Query, content);
            var text = await r.Content.ReadAsStringAsync();
            if ((int)r.StatusCode == 202) return JsonDocument.Parse(text).RootElement.Clone();
            if ((int)r.StatusCode is not (429 or 503)) throw new InvalidOperationException($"ingest answered {(int)r.StatusCode}: {text}");
            Interlocked.Increment(ref _retries);
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Every body to every node, then waits until they are parsed: JIT, pools and partitions warm before a clock
    /// starts. Tiered JIT recompiles a method once it has run 30 times, so a node needs a few dozen batches before
    /// its per-batch code is optimized; a cold node spends about half a core on JIT for its first ~20 s
    /// (bench/README.md, Pipeline).
    /// </summary>
    public async Task WarmUpAsync(IReadOnlyList<Body> bodies, bool parsed)
    {
        for (var i = 0; i < _clients.Count; i++)
        {
            foreach (var body in bodies) await PostAsync(i, body);
        }

        if (parsed) await DrainQueueAsync(await QueuedLinesAsync());
    }

    private Task<long> QueuedLinesAsync() => Db.LongAsync(cs, "SELECT coalesce(sum(line_count), 0) FROM parse_queue");

    /// <summary>Waits until the <paramref name="backlog"/> queued lines are parsed, counting lines parsed so far, so that the stall check sees progress however long the backlog takes.</summary>
    private Task DrainQueueAsync(long backlog) =>
        Db.WaitForAsync(cs, $"SELECT {backlog} - coalesce(sum(line_count), 0) FROM parse_queue", backlog, TimeSpan.FromSeconds(120), 200);

    /// <summary>
    /// End to end: every body sent by <see cref="PipelineOptions.Senders"/> concurrent senders; the clock stops when
    /// the batch records say every line is parsed and the commands table holds every command line.
    /// </summary>
    public async Task<double> EndToEndAsync(IReadOnlyList<Body> bodies, long lines, long commands)
    {
        var linesBefore = await Db.LongAsync(cs, "SELECT coalesce(sum(lines), 0) FROM batch_parses");
        var commandsBefore = await Db.LongAsync(cs, "SELECT count(*) FROM commands");
        var sw = Stopwatch.StartNew();
        var send = SendAllAsync(bodies, o.Senders);
        await Db.WaitForAsync(cs, "SELECT coalesce(sum(lines), 0) FROM batch_parses", linesBefore + lines, TimeSpan.FromSeconds(120));
        await Db.WaitForAsync(cs, "SELECT count(*) FROM commands", commandsBefore + commands, TimeSpan.FromSeconds(30));
        var elapsed = sw.Elapsed.TotalSeconds;
        await send;
        return elapsed;
    }

    private async Task SendAllAsync(IReadOnlyList<Body> bodies, int senders)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, senders).Select(s => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < bodies.Count) await PostAsync(s, bodies[i]);
        })));
    }

    /// <summary>Accept: the bodies cycled by <paramref name="concurrency"/> connections as fast as answered, for <paramref name="seconds"/>.</summary>
    public async Task<(long Lines, double Seconds, double P50, double P99)> AcceptAsync(IReadOnlyList<Body> bodies, int seconds, int concurrency)
    {
        long accepted = 0;
        var next = -1;
        var latencies = new List<double>();
        var deadline = TimeSpan.FromSeconds(seconds);
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(s => Task.Run(async () =>
        {
            while (sw.Elapsed < deadline)
            {
                var body = bodies[(Interlocked.Increment(ref next) & int.MaxValue) % bodies.Count];
                var t = Stopwatch.StartNew();
                var r = await PostAsync(s, body);
                Interlocked.Add(ref accepted, r.GetProperty("accepted").GetInt32());
                lock (latencies) latencies.Add(t.Elapsed.TotalMilliseconds);
            }
        })));
        return (accepted, sw.Elapsed.TotalSeconds, Stats.Percentile(latencies, 50), Stats.Percentile(latencies, 99));
    }

    /// <summary>Parse + normalize: how fast the nodes' parse jobs empty the queue staged while they were off.</summary>
    public async Task<(long Lines, double Seconds)> DrainAsync()
    {
        // The clock starts once every node answers /health, on the backlog left then: what a node parsed while
        // another was still starting is neither counted nor timed.
        await StartAsync(parse: true);
        var backlog = await QueuedLinesAsync();
        var sw = Stopwatch.StartNew();
        await DrainQueueAsync(backlog);
        return (backlog, sw.Elapsed.TotalSeconds);
    }

    /// <summary>The bodies of one lag phase: <paramref name="rate"/> × <paramref name="seconds"/> lines, file offsets from <paramref name="offsetBase"/>.</summary>
    public List<Body> LagBodies(int rate, int seconds, LineFactory factory, long offsetBase)
    {
        var offset = offsetBase;
        return Enumerable.Range(0, Math.Max(1, rate * seconds / o.LagBatch))
            .Select(_ => new Body(factory.FilebeatBody(o.LagBatch, ref offset, DateTimeOffset.UtcNow), o.LagBatch, "application/x-ndjson", "")).ToList();
    }

    /// <summary>
    /// Lag: Filebeat-shaped batches of <see cref="PipelineOptions.LagBatch"/> lines offered at <paramref name="rate"/>
    /// lines/s (<see cref="LagBodies"/>), nodes in turn; per batch, from the moment it was sent to the parse
    /// commit that made its lines queryable (batch_parses.parsed_at, taken just before that commit; same machine,
    /// same clock). The bodies are built before the clock, so a busy client cannot lower the rate it offers.
    /// </summary>
    public async Task<LagResult> LagAsync(int rate, IReadOnlyList<Body> bodies)
    {
        var batch = o.LagBatch;
        var count = bodies.Count;
        var sentAt = new Dictionary<long, DateTime>();
        var interval = TimeSpan.FromSeconds((double)batch / rate);
        var sw = Stopwatch.StartNew();
        var inflight = new List<Task>();
        for (var n = 0; n < count; n++)
        {
            var wait = interval * n - sw.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            var body = bodies[n];
            var node = n;
            // Offered now: a thread pool slow to start the send must not shorten the lag.
            var at = DateTime.UtcNow;
            inflight.Add(Task.Run(async () =>
            {
                var r = await PostAsync(node, body);
                lock (sentAt) sentAt[r.GetProperty("batchId").GetInt64()] = at;
            }));
        }

        // Offered over (count - 1) intervals: the last batch leaves at the start of its interval.
        var offeredSeconds = Math.Max(sw.Elapsed.TotalSeconds, interval.TotalSeconds * (count - 1));
        await Task.WhenAll(inflight);
        var acceptedSeconds = sw.Elapsed.TotalSeconds;
        var ids = sentAt.Keys.ToArray();
        await Db.WaitForAsync(cs, $"SELECT count(*) FROM batch_parses WHERE batch_id = ANY('{{{string.Join(',', ids)}}}'::bigint[])", ids.Length, TimeSpan.FromSeconds(120), 200);
        var parsedSeconds = sw.Elapsed.TotalSeconds;
        var lags = new List<double>();
        await using (var conn = new NpgsqlConnection(cs))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT batch_id, parsed_at FROM batch_parses WHERE batch_id = ANY(@ids)", conn);
            cmd.Parameters.AddWithValue("ids", ids);
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) lags.Add((r.GetFieldValue<DateTime>(1) - sentAt[r.GetInt64(0)]).TotalSeconds);
        }

        return new LagResult((long)count * batch, offeredSeconds, acceptedSeconds, parsedSeconds,
            Stats.Percentile(lags, 50), Stats.Percentile(lags, 99), lags.DefaultIfEmpty().Max());
    }

    public static string Rate(long lines, double seconds) => (lines / seconds).ToString("N0", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync() => await StopAsync();
}

/// <summary>One lag phase: lines offered, when the last was sent, accepted (answered 202) and parsed (clock from the first send), lag percentiles.</summary>
public sealed record LagResult(long Sent, double OfferedSeconds, double AcceptedSeconds, double ParsedSeconds, double P50, double P99, double Max);
