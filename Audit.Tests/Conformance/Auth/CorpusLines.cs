using Audit.Domain.Parsing;
using Audit.Domain.Syslog;
using Audit.Tests.Support;

namespace Audit.Tests.Conformance.Auth;

/// <summary>Reading corpus files and parsing their lines the way the ingest path does.</summary>
internal static class CorpusLines
{
    public static readonly LineParser Parser = new(new SourceRouter());

    public static string[] Read(params string[] parts)
    {
        var text = File.ReadAllText(Corpus.Path(parts)).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (text.EndsWith('\n')) text = text[..^1];
        return text.Split('\n');
    }

    public static LineContext Context(DateTimeOffset reference, TimeZoneInfo? zone = null, string host = "shipper") =>
        new(host, "/var/log/auth.log", null, null, reference, zone ?? TimeZoneInfo.Utc);

    /// <summary>
    /// The line's result as the peers see lines: a noise line carries no event (some carry one for the
    /// rows built above the parser, e.g. PAM's failure summary names its sshd connection).
    /// </summary>
    public static ParseResult Parse(string line, in LineContext ctx)
    {
        var result = Parser.Parse(line, ctx);
        return result.Status == ParseStatus.Noise ? result with { Event = null } : result;
    }

    /// <summary>The header as <see cref="LineParser"/> reads it, for header-field comparisons.</summary>
    public static bool TryHeader(string line, in LineContext ctx, out SyslogHeader header, out string message)
    {
        message = string.Empty;
        if (!SyslogHeaderParser.TryParse(line, ctx.Time, out header)) return false;
        message = line[header.MessageStart..];
        return true;
    }
}
