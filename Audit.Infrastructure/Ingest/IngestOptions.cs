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

    public const int DefaultMaxLineBytes = 1024 * 1024;

    /// <summary>
    /// Longest line stored: the rest is counted and the line marked (<c>fields.audit_ingest_error</c>); the text
    /// (escapes included) never grows past it, so pathological input cannot multiply memory.
    /// </summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxLineBytes { get; set; } = DefaultMaxLineBytes;

    /// <summary>
    /// Ingest requests processed at once; more wait in a queue. Each holds its body and its lines in memory
    /// (a 32 MiB body of short lines is about 100 MiB live), so this bounds the API's memory; on two cores two
    /// at once accept as fast as four.
    /// </summary>
    [Range(1, 1024)]
    public int MaxConcurrentRequests { get; set; } = 2;

    /// <summary>Ingest requests waiting for a slot; beyond it, 429 with Retry-After.</summary>
    [Range(0, 100_000)]
    public int MaxQueuedRequests { get; set; } = 64;

    /// <summary>Requests a second one ingest key may send on average (token bucket refill); 429 with Retry-After beyond.</summary>
    [Range(1, 1_000_000)]
    public int RequestsPerSecondPerKey { get; set; } = 200;

    /// <summary>Requests one ingest key may send in a burst (token bucket size).</summary>
    [Range(1, 1_000_000)]
    public int BurstPerKey { get; set; } = 400;

    /// <summary>Seconds a shipper is asked to wait (Retry-After) when we push back.</summary>
    [Range(1, 3600)]
    public int RetryAfterSeconds { get; set; } = 5;
}
