using Audit.Domain.Parsing;

namespace Audit.Infrastructure.Parsing;

/// <summary>Parses stored lines, in id order, into the rows of one parse transaction.</summary>
public sealed class BatchParser(LineParser parser, LineContextFactory contexts)
{
    /// <summary>Starts a pass: rows to fill and the line-to-line state of the pass.</summary>
    public (ParsedRows Rows, ParseSession Session) Begin() => (new ParsedRows(), new ParseSession());

    public void Add(ParsedRows rows, ParseSession session, StoredLine line)
    {
        ParseResult result;
        try
        {
            var ctx = contexts.Create(line.Host, line.Source, line.Program, line.ShipperTime, line.ReceivedAt, line.TimeZone);
            result = parser.Parse(line.Line, ctx, session);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            // Parsers do not throw; should one still, the line is kept unparsed instead of failing its whole chunk.
            result = ParseResult.Unparsed($"parser failed: {e.GetType().Name}");
        }

        rows.Add(line, result);
    }
}
