using Audit.Domain.Parsing;

namespace Audit.Infrastructure.Parsing;

/// <summary>Parses stored lines, in id order, into the rows of one parse transaction.</summary>
public sealed class BatchParser(LineParser parser, LineContextFactory contexts)
{
    /// <summary>Starts a pass: rows to fill and the line-to-line state of the pass.</summary>
    public (ParsedRows Rows, ParseSession Session) Begin() => (new ParsedRows(), new ParseSession());

    public void Add(ParsedRows rows, ParseSession session, StoredLine line)
    {
        var ctx = contexts.Create(line.Host, line.Source, line.Program, line.ShipperTime, line.ReceivedAt, line.TimeZone);
        rows.Add(line, parser.Parse(line.Line, ctx, session));
    }
}
