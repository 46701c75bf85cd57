using Audit.Domain.Parsing;
using Audit.Domain.Syslog;

namespace Audit.Domain.Auditd;

/// <summary>
/// The auditd entry of <see cref="LineParser"/>: a raw audit.log line, or an audit record that came
/// through syslog — audisp-syslog/audispd/auditd tags, or the kernel's own
/// <c>audit: type=1400 audit(…): …</c> when no audit daemon runs. Yields an <see cref="AuditRecord"/>
/// (or an <see cref="AuditRecordLine"/> for a line of joined records) for the assembler.
/// </summary>
public static class AuditdLineParser
{
    public static ParseResult Parse(ReadOnlySpan<char> line, in LineContext ctx)
    {
        var trimmed = line.TrimStart();
        if (StartsLikeRecord(trimmed)) return FromRecords(trimmed, ctx.Host);
        if (SyslogHeaderParser.TryParse(line, ctx.Time, out var header)
            && TryParseSyslogMessage(line[header.MessageStart..], header, ctx.Host, out var result))
        {
            return result;
        }

        return ParseResult.Unparsed("not an audit record");
    }

    /// <summary>True (with the record) when a syslog message is an audit record; false lets other parsers try.</summary>
    public static bool TryParseSyslogMessage(ReadOnlySpan<char> message, in SyslogHeader header, string fallbackHost, out ParseResult result)
    {
        result = default;
        var body = message.TrimStart();
        var program = header.Program;
        var auditProgram = program is "audit" or "auditd" or "audispd" or "audisp-syslog" or "audisp" or "kernel";
        if (!auditProgram && !StartsLikeRecord(body)) return false;

        // Kernel printk: optional "[ 1234.567890] " uptime stamp, then "audit: ".
        if (body.StartsWith('['))
        {
            var close = body.IndexOf(']');
            if (close > 0) body = body[(close + 1)..].TrimStart();
        }

        if (body.StartsWith("audit:", StringComparison.Ordinal)) body = body[6..].TrimStart();
        if (!StartsLikeRecord(body)) return false;
        var host = header.Host.Length > 0 ? header.Host : fallbackHost;
        result = FromRecords(body, host);
        return result.Status == ParseStatus.Parsed;
    }

    private static ParseResult FromRecords(ReadOnlySpan<char> text, string host)
    {
        if (!AuditRecordParser.TryParse(text, host, out var first)) return ParseResult.Unparsed("not an audit record");
        if (first.Text.Length >= text.TrimEnd().Length) return ParseResult.Parsed(first);

        var records = new List<AuditRecord>();
        AuditRecordParser.ParseAll(text, host, records);
        return records.Count > 1
            ? ParseResult.Parsed(new AuditRecordLine(first.OccurredAt, first.Host, records))
            : ParseResult.Parsed(first);
    }

    private static bool StartsLikeRecord(ReadOnlySpan<char> s) =>
        s.StartsWith("type=", StringComparison.Ordinal) || s.StartsWith("node=", StringComparison.Ordinal);
}
