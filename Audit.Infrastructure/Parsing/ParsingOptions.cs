using System.ComponentModel.DataAnnotations;
using Audit.Domain.Parsing;

namespace Audit.Infrastructure.Parsing;

public sealed class ParsingOptions
{
    public const string Section = "Parsing";

    /// <summary>Path patterns → source kind, tried in order before the built-in defaults.</summary>
    public List<SourceRoute> Routes { get; set; } = [];

    /// <summary>Zone for RFC 3164 lines when neither the shipper nor a host/source setting names one.</summary>
    public string DefaultTimeZone { get; set; } = "UTC";

    /// <summary>Host name → zone (IANA name or ±HH:MM) for RFC 3164 lines.</summary>
    public Dictionary<string, string> HostTimeZones { get; set; } = [];

    /// <summary>Source path pattern → zone for RFC 3164 lines.</summary>
    public Dictionary<string, string> SourceTimeZones { get; set; } = [];

    /// <summary>Lines one parse transaction takes at most (a batch is never split).</summary>
    [Range(100, 1_000_000)]
    public int ChunkLines { get; set; } = 20_000;

    /// <summary>
    /// How long an sshd connection's lines may keep it waiting: a PAM failure or a close with no attempt
    /// to go to is placed for good once the connection sent nothing for this long (see SshConnectionMerger).
    /// </summary>
    [Range(1, 3600)]
    public int SshConnectionQuietSeconds { get; set; } = 10;

    /// <summary>Hangfire workers on the parse queue.</summary>
    [Range(1, 64)]
    public int Workers { get; set; } = 2;

    /// <summary>Failed passes after which a batch is quarantined (kept aside until an admin retries it).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Wait before a failed batch is tried again, doubled after each failure.</summary>
    [Range(0, 86_400)]
    public int RetryDelaySeconds { get; set; } = 15;

    /// <summary><c>/health</c> reports "degraded" when the oldest queued batch has waited longer than this.</summary>
    [Range(1, 604_800)]
    public int MaxQueueAgeSeconds { get; set; } = 300;

    public IEnumerable<SourceRoute> EffectiveRoutes() => Routes.Concat(SourceRouter.DefaultRoutes);
}
