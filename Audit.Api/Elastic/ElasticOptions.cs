using System.ComponentModel.DataAnnotations;

namespace Audit.Api.Elastic;

/// <summary>How the Elasticsearch-compatible endpoints present themselves to shippers.</summary>
public sealed class ElasticOptions
{
    public const string Section = "Elastic";

    /// <summary>
    /// The <c>version.number</c> reported by <c>GET /</c>. Filebeat refuses a cluster whose major.minor is
    /// below its own unless <c>allow_older_versions</c> is set, so this follows current 8.x releases.
    /// </summary>
    [Required]
    [RegularExpression(@"^\d{1,3}\.\d{1,3}\.\d{1,3}$", MatchTimeoutInMilliseconds = 100)]
    public string VersionNumber { get; set; } = "8.19.0";

    /// <summary>The <c>cluster_name</c> reported by <c>GET /</c> and <c>/_cat/health</c>.</summary>
    [Required]
    [RegularExpression(@"^[A-Za-z0-9._-]{1,64}$", MatchTimeoutInMilliseconds = 100)]
    public string ClusterName { get; set; } = "audit";

    /// <summary>
    /// How long a per-item 429 answer (rsyslog's back-pressure) is held before it is sent. rsyslog
    /// resubmits failed items at once, so the pause is what slows it down.
    /// </summary>
    [Range(0, 30_000)]
    public int ItemRetryDelayMs { get; set; } = 1000;
}
