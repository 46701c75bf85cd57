using System.Globalization;

namespace Audit.Bench.Pipeline;

/// <summary>
/// Command line: --pg (server, no database), --api-dll, --lines (end to end), --accept-seconds,
/// --lag-seconds, --rates, --nodes, --port, --seed, --quick (a smoke run with small figures), --keep, --per-host (end-to-end batches of
/// one host each, as per-host shippers send, instead of batches mixing the fleet as a relay sends), --warm-up (batches each
/// node takes before a clock starts, so that the per-batch code is past tiered JIT).
/// </summary>
public sealed record PipelineOptions(
    string Server, string ApiDll, string PeerDir, int Lines, int BatchSize, int Senders, int AcceptSeconds, int AcceptConcurrency,
    int LagSeconds, int LagBatch, int[] Rates, int[] Nodes, int Port, int Seed, bool Quick, bool Keep, bool PerHost, int WarmUpBatches)
{
    public static PipelineOptions Parse(string[] args)
    {
        string? Arg(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        int Int(string name, int fallback) => Arg(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        int[] Ints(string name, string fallback) => (Arg(name) ?? fallback).Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();

        var quick = args.Contains("--quick");
        var root = RepositoryRoot();
        var server = Arg("--pg") ?? Environment.GetEnvironmentVariable("AUDIT_BENCH_PG") ?? "Host=127.0.0.1;Port=55450;Username=postgres";
        var dll = Arg("--api-dll") ?? Path.Combine(root, "Audit.Api", "bin", "Release", "net10.0", "Audit.Api.dll");
        if (Directory.Exists(dll)) dll = Path.Combine(dll, "Audit.Api.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("Build the API first: dotnet build -c Release Audit.Api (or pass --api-dll)", dll);
        return new PipelineOptions(
            server, Path.GetFullPath(dll), Arg("--peer-dir") ?? Path.Combine(root, "bench", "peer"),
            Int("--lines", quick ? 20_000 : 200_000), 2000, 4,
            Int("--accept-seconds", quick ? 3 : 15), Int("--accept-concurrency", 8),
            Int("--lag-seconds", quick ? 5 : 20), 1000, Ints("--rates", "5000,10000,20000"), Ints("--nodes", "1,2"),
            Int("--port", 18740), Int("--seed", 42), quick, args.Contains("--keep"), args.Contains("--per-host"),
            Int("--warm-up", quick ? 10 : 40));
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Audit.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("run from inside the repository (or pass --api-dll and --peer-dir)");
    }
}
