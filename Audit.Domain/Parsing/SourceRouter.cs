namespace Audit.Domain.Parsing;

/// <summary>
/// Decides which kind of source a line comes from: by its path (first matching route wins), and where
/// the path is unknown or generic, by recognising the content.
/// </summary>
public sealed class SourceRouter
{
    public static readonly IReadOnlyList<SourceRoute> DefaultRoutes =
    [
        new("*/commands.log*", SourceKind.Bash),
        new("*/auth.log*", SourceKind.Auth),
        new("*/secure*", SourceKind.Auth),
        new("*/audit/audit.log*", SourceKind.Auditd),
        new("*/audit.log*", SourceKind.Auditd),
        new("*/shell_*.log*", SourceKind.IPython),
        new("*.jsonl", SourceKind.App),
        new("*.ndjson", SourceKind.App),
        new("app-events", SourceKind.App),
    ];

    private readonly SourceRoute[] _routes;

    public SourceRouter(IEnumerable<SourceRoute>? routes = null)
    {
        _routes = (routes ?? DefaultRoutes).ToArray();
    }

    public SourceKind Resolve(string source, ReadOnlySpan<char> line) =>
        TryMatchPath(source, out var kind) ? kind : Sniff(line);

    /// <summary>The kind the first matching route gives <paramref name="source"/>; false when no route matches (then content decides).</summary>
    public bool TryMatchPath(string source, out SourceKind kind)
    {
        foreach (var route in _routes)
        {
            if (GlobMatches(route.Pattern, source))
            {
                kind = route.Kind;
                return true;
            }
        }

        kind = SourceKind.Unknown;
        return false;
    }

    /// <summary>Content recognition for lines from unknown paths.</summary>
    public static SourceKind Sniff(ReadOnlySpan<char> line)
    {
        var trimmed = line.TrimStart();
        if (trimmed.StartsWith("type=", StringComparison.Ordinal) || trimmed.StartsWith("node=", StringComparison.Ordinal))
        {
            return SourceKind.Auditd;
        }

        if (trimmed.StartsWith('{')) return SourceKind.App;
        return SourceKind.Unknown;
    }

    /// <summary>Glob match without regex: <c>*</c> any run (also across <c>/</c>), <c>?</c> one character.</summary>
    public static bool GlobMatches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }
}
