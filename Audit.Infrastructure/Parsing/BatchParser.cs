using Audit.Domain.Parsing;

namespace Audit.Infrastructure.Parsing;

/// <summary>Parses stored lines, in id order, into the rows of one parse transaction.</summary>
public sealed class BatchParser(LineParser parser, LineContextFactory contexts)
{
    public void Add(ParsedRows rows, StoredLine line)
    {
        var ctx = contexts.Create(line.Host, line.Source, line.Program, line.ShipperTime, line.ReceivedAt, line.TimeZone);
        rows.Add(line, parser.Parse(line.Line, ctx));
    }
}
