using Audit.Domain.App;
using Audit.Domain.Bash;
using Audit.Domain.IPython;
using Audit.Domain.Syslog;

namespace Audit.Domain.Parsing;

/// <summary>
/// Turns one raw line into a <see cref="ParseResult"/>: routes it to a kind of source, reads the
/// syslog header (or takes the header fields the shipper sent separately), then offers the message to
/// the parsers for its program in a fixed order. Pure and thread-safe; never throws on input.
/// </summary>
public sealed class LineParser(SourceRouter router)
{
    public ParseResult Parse(ReadOnlySpan<char> line, in LineContext ctx, ParseSession? session = null)
    {
        if (line.IsWhiteSpace()) return ParseResult.Unparsed("empty line");
        var kind = router.Resolve(ctx.Source, line);
        return kind switch
        {
            SourceKind.Auditd => ParseResult.Unparsed("no auditd parser yet"),
            SourceKind.IPython => IPythonLogParser.Parse(line, ctx, session),
            SourceKind.App => AppEventParser.Parse(line, ctx),
            _ => ParseSyslog(line, ctx),
        };
    }

    private static ParseResult ParseSyslog(ReadOnlySpan<char> line, in LineContext ctx)
    {
        if (!TryReadHeader(line, ctx, out var header))
        {
            return ParseResult.Unparsed("no syslog header");
        }

        var message = line[header.MessageStart..];
        if (BashCommandParser.TryParse(message, header, ctx.Host, out var command))
        {
            // An empty command is noise, but it still tells that the shell exists (see BashArtefactFilter).
            return command.Command.Length == 0
                ? new ParseResult(ParseStatus.Noise, command, "empty command (shell's first prompt)")
                : ParseResult.Parsed(command);
        }

        return ParseResult.Unparsed(header.Program.Length == 0 ? "no parser for message" : $"no parser for program '{header.Program}'");
    }

    private static bool TryReadHeader(ReadOnlySpan<char> line, in LineContext ctx, out SyslogHeader header)
    {
        if (ctx.Program is null)
        {
            return SyslogHeaderParser.TryParse(line, ctx.Time, out header);
        }

        // rsyslog/syslog-ng documents: the header came as separate fields; the line is the message.
        var tag = ctx.Program.EndsWith(':') ? ctx.Program : ctx.Program + ":";
        SyslogHeaderParser.ParseTag(tag + " ", 0, out var program, out var pid, out _);
        header = new SyslogHeader(SyslogFormat.None, ctx.ShipperTime ?? ctx.ReceivedAt, ctx.Host, program, pid, 0);
        return true;
    }
}
