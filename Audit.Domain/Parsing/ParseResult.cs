using Audit.Domain.Events;

namespace Audit.Domain.Parsing;

/// <summary>What became of one line. <see cref="Reason"/> is set for noise and unparsed lines.</summary>
public readonly record struct ParseResult(ParseStatus Status, AuditEvent? Event, string? Reason)
{
    public static ParseResult Parsed(AuditEvent e) => new(ParseStatus.Parsed, e, null);

    public static ParseResult Noise(string reason) => new(ParseStatus.Noise, null, reason);

    public static ParseResult Unparsed(string reason) => new(ParseStatus.Unparsed, null, reason);
}
