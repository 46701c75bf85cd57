using System.ComponentModel.DataAnnotations;

namespace Audit.Api.Hosting;

public sealed class HangfireOptions
{
    public const string Section = "Hangfire";

    /// <summary>Run job servers in this process (tests turn it off and call jobs directly).</summary>
    public bool ServerEnabled { get; set; } = true;

    /// <summary>How often idle workers look for queued jobs; LISTEN/NOTIFY wakes them sooner.</summary>
    [Range(10, 60_000)]
    public int PollIntervalMs { get; set; } = 250;
}
