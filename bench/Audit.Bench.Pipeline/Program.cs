using System.Globalization;
using Audit.Bench.Ingest;
using Audit.Bench.Pipeline;

// Pipeline benchmark (issue 14): ours end to end vs the rsyslog imfile → mmnormalize → ompgsql peer on the
// same lines, accept vs plain COPY, parse rate, lag at offered rates, API RSS; with 1 and 2 nodes. bench/README.md.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var o = PipelineOptions.Parse(args);
var now = DateTimeOffset.UtcNow;
var cpu = await CpuMeter.ForServerAsync(Db.Of(o.Server, "postgres"));
Console.WriteLine($"# Audit pipeline benchmark — {now:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {LoadAverage()}, " +
    $"PostgreSQL {await Db.TextAsync(Db.Of(o.Server, "postgres"), "SHOW server_version")} at {o.Server}{(o.Quick ? ", QUICK (smoke run)" : "")}");
Console.WriteLine($"# API {o.ApiDll}; seed {o.Seed}; {o.Lines:N0} end-to-end lines in {o.BatchSize:N0}-line NDJSON batches from {o.Senders} senders; warm-up {o.WarmUpBatches} batches a node before each clock");

var lines = Workload.Lines(o.Seed, o.Lines, now);
var commandLines = lines.Count(l => l.IsCommand);
var e2eBodies = o.PerHost ? Workload.NdjsonPerHost(lines, o.BatchSize, now) : Workload.Ndjson(lines, o.BatchSize, now);
var text = Workload.Text(Workload.Lines(o.Seed + 1, o.Quick ? 40_000 : 200_000, now), o.BatchSize);
var textBodies = text.Select(t => t.Body).ToList();
// Warm-up lines come from hosts of their own, so that their file offsets (dedup keys) are no line's of the run.
var warmUp = Workload.Ndjson(Workload.Lines(o.Seed + 2, 500 * o.WarmUpBatches, now).Select(l => l with { Host = "warm-up-" + l.Host }).ToList(), 500, now);
var textWarmUp = Enumerable.Range(0, o.WarmUpBatches).Select(i => textBodies[i % textBodies.Count]).ToList();
Console.WriteLine($"# {commandLines:N0} of them commands.log lines; text/plain pool {textBodies.Count} batches, {textBodies.Average(b => b.Bytes.Length) / o.BatchSize:F0} bytes/line");

// The peer, once: it does not change with our node count.
Console.WriteLine("peer: rsyslogd imfile → mmnormalize → ompgsql …");
var peer = await PeerBench.RunAsync(o, lines, cpu);
var peerRate = peer.Rows / peer.Seconds;
Console.WriteLine($"peer: {peer.Rows:N0} rows in {peer.Seconds:F2} s = {peerRate:N0} lines/s ({peer.Unparsed} unparsed, {peer.Commands:N0} of the {commandLines:N0} commands.log lines stored as commands with user and command); rsyslogd peak RSS {peer.PeakRssMiB:F0} MiB; {peer.Cpu}");

double? copyPlain = null, copyRaw = null;
var results = new List<NodeResult>();
foreach (var nodes in o.Nodes)
{
    var db = await Db.CreateAsync(o.Server, $"bench_pipeline_{nodes}n");
    var cs = Db.Of(o.Server, db, 100);
    var ours = new OursBench(o, cs, nodes, cpu);
    try
    {
        Console.WriteLine($"## {nodes} node(s), database {db}");
        await ours.StartAsync(parse: true);
        await ours.WarmUpAsync(warmUp, parsed: true);
        var c0 = ours.Cpu();
        var e2e = await ours.EndToEndAsync(e2eBodies, lines.Count, commandLines);
        Console.WriteLine($"end to end: {lines.Count:N0} lines, every command queryable after {e2e:F2} s = {lines.Count / e2e:N0} lines/s ({lines.Count / e2e / peerRate:F2}× the peer); {ours.Cpu().Since(c0)}");
        await ours.StopAsync();

        await ours.StartAsync(parse: false);
        await ours.WarmUpAsync(textWarmUp, parsed: false);
        c0 = ours.Cpu();
        var accept = await ours.AcceptAsync(textBodies, o.AcceptSeconds, o.AcceptConcurrency);
        var acceptRate = accept.Lines / accept.Seconds;
        Console.WriteLine($"accept: text/plain, {o.AcceptConcurrency} connections, {accept.Lines:N0} lines in {accept.Seconds:F2} s = {acceptRate:N0} lines/s; request p50 {accept.P50:F0} ms, p99 {accept.P99:F0} ms; {ours.Cpu().Since(c0)}");
        await ours.StopAsync();

        if (copyPlain is null)
        {
            var rows = text.Select(t => t.Rows).ToList();
            await CopyBench.CreatePlainTableAsync(cs);
            c0 = ours.Cpu();
            copyPlain = await CopyBench.RunAsync(cs, "bench_plain_copy", rows, accept.Lines, o.AcceptConcurrency, 1L << 38);
            var plainCpu = ours.Cpu().Since(c0, api: false);
            c0 = ours.Cpu();
            copyRaw = await CopyBench.RunAsync(cs, "raw_lines", rows, accept.Lines, o.AcceptConcurrency, 1L << 38);
            Console.WriteLine($"plain COPY of the same {accept.Lines:N0} lines: unindexed day-partitioned table {copyPlain:N0} lines/s ({plainCpu}); " +
                $"raw_lines (ours, with its indexes) {copyRaw:N0} lines/s ({ours.Cpu().Since(c0, api: false)})");
        }

        c0 = ours.Cpu();
        var drain = await ours.DrainAsync();
        Console.WriteLine($"parse + normalize: {drain.Lines:N0} staged lines in {drain.Seconds:F2} s = {drain.Lines / drain.Seconds:N0} lines/s; {ours.Cpu().Since(c0)}");

        // A checkpoint now, not in the middle of the first lag run.
        await Db.ExecAsync(cs, "CHECKPOINT");
        var lags = new List<(int Rate, double P50, double P99, double Max)>();
        for (var k = 0; k < o.Rates.Length; k++)
        {
            var lagBodies = ours.LagBodies(o.Rates[k], o.LagSeconds, new LineFactory(o.Seed + 10 + k), (long)(k + 1) << 40);
            c0 = ours.Cpu();
            var lag = await ours.LagAsync(o.Rates[k], lagBodies);
            lags.Add((o.Rates[k], lag.P50, lag.P99, lag.Max));
            Console.WriteLine($"lag at {o.Rates[k]:N0} lines/s for {o.LagSeconds} s ({lag.Sent:N0} lines offered in {lag.OfferedSeconds:F1} s, all accepted after {lag.AcceptedSeconds:F1} s, all parsed after {lag.ParsedSeconds:F1} s = {lag.Sent / lag.ParsedSeconds:N0} lines/s through): sent → queryable p50 {lag.P50:F2} s, p99 {lag.P99:F2} s, max {lag.Max:F2} s; {ours.Cpu().Since(c0)}");
        }

        await ours.StopAsync();
        Console.WriteLine($"API peak RSS (largest node): {ours.PeakRssMiB:F0} MiB; requests pushed back (429/503) and retried: {ours.Retries}");
        results.Add(new NodeResult(nodes, lines.Count / e2e, acceptRate, drain.Lines / drain.Seconds, lags, ours.PeakRssMiB));
    }
    finally
    {
        await ours.DisposeAsync();
        if (!o.Keep) await Db.DropAsync(o.Server, db);
    }
}

Console.WriteLine();
Console.WriteLine($"load average at the end: {LoadAverage()}");
Console.WriteLine();
Console.WriteLine("| measure | " + string.Join(" | ", results.Select(r => $"{r.Nodes} node{(r.Nodes > 1 ? "s" : "")}")) + " | target |");
Console.WriteLine("|---|" + string.Concat(results.Select(_ => "---:|")) + "---|");
Row($"end to end, ours ({o.Lines:N0} lines → every command queryable)", r => $"{r.EndToEnd:N0} lines/s", "");
Row("end to end, peer (rsyslog imfile → mmnormalize → ompgsql)", _ => $"{peerRate:N0} lines/s", "");
Row("ours / peer", r => $"{r.EndToEnd / peerRate:F2}×", "≥ 5×");
Row($"accept (text/plain, 2,000-line batches, {o.AcceptConcurrency} connections, {o.AcceptSeconds} s)", r => $"{r.Accept:N0} lines/s", "≥ 100,000 lines/s");
Row("plain COPY, unindexed day-partitioned table", _ => $"{copyPlain:N0} lines/s", "reference");
Row("plain COPY, raw_lines (ours)", _ => $"{copyRaw:N0} lines/s", "reference");
Row("accept / COPY unindexed · raw_lines", r => $"{r.Accept / copyPlain:F2} · {r.Accept / copyRaw:F2}", "≥ 0.5");
Row("parse + normalize (staged → parsed)", r => $"{r.Parse:N0} lines/s", "≥ 50,000 lines/s");
foreach (var rate in o.Rates)
{
    Row($"lag p50 / p99 at {rate:N0} lines/s offered", r => r.Lags.Where(l => l.Rate == rate).Select(l => $"{l.P50:F2} s / {l.P99:F2} s").FirstOrDefault() ?? "–", "≤ 1 s / ≤ 5 s at 20k");
}

Row("API peak RSS (largest node)", r => $"{r.PeakRssMiB:F0} MiB", "≤ 400 MB");
return;

void Row(string name, Func<NodeResult, string> cell, string target) =>
    Console.WriteLine($"| {name} | {string.Join(" | ", results.Select(cell))} | {target} |");

static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

internal sealed record NodeResult(int Nodes, double EndToEnd, double Accept, double Parse, List<(int Rate, double P50, double P99, double Max)> Lags, double PeakRssMiB);
