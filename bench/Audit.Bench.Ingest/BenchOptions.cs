namespace Audit.Bench.Ingest;

/// <summary>Command-line knobs: --batches, --batch-size, --senders, --rate, --seconds, --rate-batch, --port, --workers (parse workers), --keep.</summary>
public sealed record BenchOptions(int Batches, int BatchSize, int Senders, int Rate, int Seconds, int RateBatch, int Port, bool Keep, int Workers)
{
    public static BenchOptions Parse(string[] args)
    {
        int Get(string name, int fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
        }

        return new BenchOptions(Get("--batches", 300), Get("--batch-size", 2000), Get("--senders", 4), Get("--rate", 20000), Get("--seconds", 30), Get("--rate-batch", 1000), Get("--port", 18080), args.Contains("--keep"), Get("--workers", 2));
    }
}
