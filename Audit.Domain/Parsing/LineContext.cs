using Audit.Domain.Syslog;

namespace Audit.Domain.Parsing;

/// <summary>
/// Everything known about a raw line besides its text: where the shipper said it came from, the
/// shipper's own timestamp, and for syslog daemons that send header fields separately the tag
/// (<see cref="Program"/>, e.g. <c>sshd[812]</c>) — then the line is the bare message.
/// </summary>
public readonly record struct LineContext(
    string Host,
    string Source,
    string? Program,
    DateTimeOffset? ShipperTime,
    DateTimeOffset ReceivedAt,
    TimeZoneInfo Zone)
{
    public TimeContext Time => new(ShipperTime ?? ReceivedAt, Zone);
}
