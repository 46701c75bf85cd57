using System.Globalization;
using Audit.Domain.Events;
using Audit.Domain.Parsing;
using Audit.Domain.Syslog;

namespace Audit.Domain.IPython;

/// <summary>
/// Lines of an IPython <c>%logstart</c> file (<c>shell_&lt;user&gt;.log</c>): the <c># IPython log file</c>
/// header and <c>#[Out]#</c> output lines (<c>-o</c>) are noise, a <c># Thu, 26 Nov 2026 10:00:00</c>
/// stamp (<c>-t</c>) dates the input after it, every other line is input typed by the user named in
/// the file name. Without a stamp the shipper's time is used.
/// </summary>
public static class IPythonLogParser
{
    private const string StampFormat = "ddd, dd MMM yyyy HH:mm:ss";

    public static ParseResult Parse(ReadOnlySpan<char> line, in LineContext ctx, ParseSession? session)
    {
        var text = line.TrimEnd();
        if (text.IsEmpty) return ParseResult.Noise("blank line");
        if (text.StartsWith("#[Out]#", StringComparison.Ordinal)) return ParseResult.Noise("ipython output");
        if (text.StartsWith('#'))
        {
            var comment = text[1..].Trim();
            if (comment.StartsWith("IPython log file", StringComparison.Ordinal)) return ParseResult.Noise("ipython log header");
            if (TryParseStamp(comment, ctx.Zone, out var stamp))
            {
                session?.SetStamp(ctx.Host, ctx.Source, stamp);
                return ParseResult.Noise("ipython timestamp");
            }

            return ParseResult.Noise("comment");
        }

        var time = session is not null && session.TryGetStamp(ctx.Host, ctx.Source, out var s) ? s : ctx.ShipperTime ?? ctx.ReceivedAt;
        var user = UserFromPath(ctx.Source) ?? "unknown";
        return ParseResult.Parsed(new ShellCommand(time, ctx.Host, user, user, text.ToString(), null, null, null, "ipython"));
    }

    /// <summary><c>…/shell_alice.log</c> → <c>alice</c>; null when the name has another shape.</summary>
    public static string? UserFromPath(string source)
    {
        var name = Path.GetFileName(source.AsSpan());
        if (!name.StartsWith("shell_", StringComparison.Ordinal)) return null;
        var dot = name.IndexOf(".log", StringComparison.Ordinal);
        var user = dot > 6 ? name[6..dot] : ReadOnlySpan<char>.Empty;
        return user.IsEmpty ? null : user.ToString();
    }

    private static bool TryParseStamp(ReadOnlySpan<char> s, TimeZoneInfo zone, out DateTimeOffset stamp)
    {
        stamp = default;
        if (s.Length != StampFormat.Length + 1 && s.Length != StampFormat.Length) return false;
        if (!DateTime.TryParseExact(s, StampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var local)) return false;
        stamp = SyslogTime.FromLocal(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone);
        return true;
    }
}
