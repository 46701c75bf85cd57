using System.ComponentModel.DataAnnotations;

namespace Audit.Infrastructure.Ingest;

public sealed class IngestOptions
{
    public const string Section = "Ingest";

    /// <summary>Largest request body, counted after gzip is undone (413 beyond).</summary>
    [Range(1024, 1024L * 1024 * 1024)]
    public long MaxBodyBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>Most lines in one request (line ids leave 24 bits for the line number).</summary>
    [Range(1, 1 << 24)]
    public int MaxLinesPerBatch { get; set; } = 100_000;

    /// <summary>Parse backlog, in lines, above which ingest answers 503 with Retry-After.</summary>
    [Range(1, long.MaxValue)]
    public long MaxBacklogLines { get; set; } = 2_000_000;

    /// <summary>How many days back a retried line (same dedup key) is still recognised.</summary>
    [Range(0, 30)]
    public int DedupWindowDays { get; set; } = 2;

    /// <summary>Seconds a shipper is asked to wait (Retry-After) when we push back.</summary>
    [Range(1, 3600)]
    public int RetryAfterSeconds { get; set; } = 5;
}
