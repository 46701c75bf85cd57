using Audit.Domain.Parsing;
using Microsoft.Extensions.Options;

namespace Audit.Infrastructure.Parsing;

/// <summary>
/// Parses stored lines, in id order, into the rows of one parse transaction. The zone for header
/// times without one is, in order: the shipper's own (<c>event.timezone</c>), the host's setting, the
/// source's setting, the default.
/// </summary>
public sealed class BatchParser(LineParser parser, ZoneResolver zones, IOptions<ParsingOptions> options)
{
    private readonly TimeZoneInfo _default = zones.Resolve(options.Value.DefaultTimeZone) ?? TimeZoneInfo.Utc;

    public void Add(ParsedRows rows, ParseSession session, StoredLine line)
    {
        ParseResult result;
        try
        {
            result = parser.Parse(line.Line, ContextOf(line), session);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            // Parsers do not throw; should one still, the line is kept unparsed instead of failing its whole chunk.
            result = ParseResult.Unparsed($"parser failed: {e.GetType().Name}");
        }

        rows.Add(line, result);
    }

    private LineContext ContextOf(StoredLine line) =>
        new(line.Host, line.Source, line.Program, line.ShipperTime, line.ReceivedAt, ZoneFor(line.Host, line.Source, line.TimeZone));

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
