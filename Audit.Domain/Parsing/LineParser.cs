using Audit.Domain.App;
using Audit.Domain.Auditd;
using Audit.Domain.Auth;
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
        var kind = Route(ctx.Source, line);
        return kind switch
        {
            SourceKind.Auditd => AuditdLineParser.Parse(line, ctx),
            SourceKind.IPython => IPythonLogParser.Parse(line, ctx, session),
            SourceKind.App => AppEventParser.Parse(line, ctx),
            _ => ParseSyslog(line, kind, ctx),
        };
    }

    /// <summary>
    /// A batch's lines share one source string, so the last path-decided route is remembered (an
    /// immutable pair swapped whole, safe across threads); content-sniffed kinds are never remembered.
    /// </summary>
    private SourceKind Route(string source, ReadOnlySpan<char> line)
    {
        var memo = _lastRoute;
        if (memo is not null && ReferenceEquals(memo.Source, source)) return memo.Kind;
        if (!router.TryMatchPath(source, out var kind)) return SourceRouter.Sniff(line);
        _lastRoute = new RouteMemo(source, kind);
        return kind;
    }

    private sealed record RouteMemo(string Source, SourceKind Kind);

    private RouteMemo? _lastRoute;

    /// <summary>
    /// After the header: auth.log's parsers (by program, PAM lines of any program), then the shell-command
    /// parser; for a commands.log source the shell-command parser goes first, since there the tag is a
    /// user name that could collide with a program name.
    /// </summary>
    private static ParseResult ParseSyslog(ReadOnlySpan<char> line, SourceKind kind, in LineContext ctx)
    {
        if (!TryReadHeader(line, ctx, out var header))
        {
            return ParseResult.Unparsed("no syslog header");
        }

        var message = line[header.MessageStart..];
        if (kind == SourceKind.Bash && TryBash(message, header, ctx, out var bash)) return bash;
        if (AuditdLineParser.TryParseSyslogMessage(message, header, ctx.Host, out var audit)) return audit;
        if (AuthMessageRouter.TryParse(message, header, ctx.Host, out var auth)) return auth;
        if (kind != SourceKind.Bash && TryBash(message, header, ctx, out bash)) return bash;

        return ParseResult.Unparsed(header.Program.Length == 0 ? "no parser for message" : $"no parser for program '{header.Program}'");
    }

    private static bool TryBash(ReadOnlySpan<char> message, in SyslogHeader header, in LineContext ctx, out ParseResult result)
    {
        result = default;
        if (!BashCommandParser.TryParse(message, header, ctx.Host, out var command)) return false;
        // An empty command is noise, but it still tells that the shell exists (see BashArtefactFilter).
        result = command.Command.Length == 0
            ? new ParseResult(ParseStatus.Noise, command, "empty command (shell's first prompt)")
            : ParseResult.Parsed(command);
        return true;
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
