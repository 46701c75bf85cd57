using Audit.Domain.Auditd;
using Audit.Domain.Bash;
using Audit.Domain.Syslog;

namespace Audit.Domain.Parsing;

/// <summary>
/// Turns one raw line into a <see cref="ParseResult"/>: routes it to a kind of source, reads the
/// syslog header (or takes the header fields the shipper sent separately), then offers the message to
/// the parsers for its program in a fixed order. Pure and thread-safe; never throws on input.
/// </summary>
public sealed class LineParser(SourceRouter router)
{
    public ParseResult Parse(ReadOnlySpan<char> line, in LineContext ctx)
    {
        if (line.IsWhiteSpace()) return ParseResult.Unparsed("empty line");
        var kind = router.Resolve(ctx.Source, line);
        return kind switch
        {
            SourceKind.Auditd => AuditdLineParser.Parse(line, ctx),
            SourceKind.IPython => ParseResult.Unparsed("no IPython parser yet"),
            SourceKind.App => ParseResult.Unparsed("no app-event parser yet"),
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
        if (AuditdLineParser.TryParseSyslogMessage(message, header, ctx.Host, out var audit)) return audit;
        if (BashCommandParser.TryParse(message, header, ctx.Host, out var command))
        {
            return command.Command.Length == 0
                ? ParseResult.Noise("empty command (shell's first prompt)")
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
