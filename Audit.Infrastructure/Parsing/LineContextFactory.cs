using Audit.Domain.Parsing;
using Microsoft.Extensions.Options;

namespace Audit.Infrastructure.Parsing;

/// <summary>
/// Builds the <see cref="LineContext"/> for a stored line. The zone for header times without one is,
/// in order: the shipper's own (<c>event.timezone</c>), the host's setting, the source's setting, the default.
/// </summary>
public sealed class LineContextFactory(ZoneResolver zones, IOptions<ParsingOptions> options)
{
    private readonly TimeZoneInfo _default = zones.Resolve(options.Value.DefaultTimeZone) ?? TimeZoneInfo.Utc;

    public LineContext Create(string host, string source, string? program, DateTimeOffset? shipperTime, DateTimeOffset receivedAt, string? timeZone) =>
        new(host, source, program, shipperTime, receivedAt, ZoneFor(host, source, timeZone));

    private TimeZoneInfo ZoneFor(string host, string source, string? shipperZone)
    {
        if (zones.Resolve(shipperZone) is { } z) return z;
        var o = options.Value;
        if (o.HostTimeZones.Count > 0 && o.HostTimeZones.TryGetValue(host, out var hz) && zones.Resolve(hz) is { } hostZone) return hostZone;
        foreach (var (pattern, name) in o.SourceTimeZones)
        {
            if (SourceRouter.GlobMatches(pattern, source) && zones.Resolve(name) is { } sourceZone) return sourceZone;
        }

        return _default;
    }
}
