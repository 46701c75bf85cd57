using System.ComponentModel.DataAnnotations;

namespace Audit.Infrastructure.Redis;

/// <summary>
/// The optional consumer for sites on the classic Filebeat → Redis pipeline (<c>output.redis</c>).
/// Off by default; when on, it moves entries off <see cref="ListKey"/> into staging.
/// </summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    public bool Enabled { get; set; }

    /// <summary>StackExchange.Redis configuration, e.g. <c>redis.internal:6379,password=…</c>.</summary>
    public string ConnectionString { get; set; } = "localhost:6379";

    /// <summary>The list Filebeat pushes to (its <c>output.redis.key</c>).</summary>
    [Required]
    [MinLength(1)]
    public string ListKey { get; set; } = "filebeat";

    /// <summary>
    /// Where entries wait while they are being committed; default <c>&lt;ListKey&gt;:audit-processing</c>.
    /// Entries are removed from it only after our commit, and whatever a crash left there is committed
    /// again at start (dedup keys make that idempotent).
    /// </summary>
    public string? ProcessingListKey { get; set; }

    /// <summary>The Redis database Filebeat writes to (its <c>output.redis.db</c>).</summary>
    [Range(0, 1024)]
    public int Database { get; set; }

    /// <summary>Most entries moved and committed at once.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 1000;

    /// <summary>Pause when the list is empty (or ingest pushes back) before looking again.</summary>
    [Range(10, 60_000)]
    public int IdleDelayMs { get; set; } = 500;

    /// <summary>Pause after Redis or PostgreSQL failed before trying again.</summary>
    [Range(10, 300_000)]
    public int RetryDelayMs { get; set; } = 2000;

    public string EffectiveProcessingListKey => string.IsNullOrWhiteSpace(ProcessingListKey) ? ListKey + ":audit-processing" : ProcessingListKey;
}
