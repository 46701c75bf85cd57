namespace Audit.Api.Ingest;

/// <summary>
/// Elasticsearch's <c>filter_path</c> response filtering: comma-separated dotted paths, <c>*</c> within a
/// name, <c>**</c> for any depth, a leading <c>-</c> to exclude. Array elements add no path segment, so
/// <c>items.*.status</c> keeps the status of every bulk item (what Beats ask for).
/// </summary>
public sealed class FilterPath
{
    private readonly string[][] _include;
    private readonly string[][] _exclude;

    private FilterPath(string[][] include, string[][] exclude)
    {
        _include = include;
        _exclude = exclude;
    }

    /// <summary>The filter, or null when the query has none (keep everything).</summary>
    public static FilterPath? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var include = new List<string[]>();
        var exclude = new List<string[]>();
        foreach (var raw in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var negative = raw.StartsWith('-');
            var segments = (negative ? raw[1..] : raw).Split('.', StringSplitOptions.RemoveEmptyEntries);
            if (segments.Length == 0) continue;
            (negative ? exclude : include).Add(segments);
        }

        return include.Count == 0 && exclude.Count == 0 ? null : new FilterPath([.. include], [.. exclude]);
    }

    public FilterDecision Decide(ReadOnlySpan<string> path)
    {
        var excludedPartly = false;
        foreach (var pattern in _exclude)
        {
            var m = Match(pattern, 0, path, 0);
            if (m == MatchState.Full) return FilterDecision.Exclude;
            excludedPartly |= m == MatchState.Partial;
        }

        var full = _include.Length == 0;
        var partly = false;
        foreach (var pattern in _include)
        {
            var m = Match(pattern, 0, path, 0);
            full |= m == MatchState.Full;
            partly |= m == MatchState.Partial;
        }

        if (full) return excludedPartly ? FilterDecision.Partial : FilterDecision.Include;
        return partly ? FilterDecision.Partial : FilterDecision.Exclude;
    }

    private enum MatchState
    {
        None = 0,
        Partial = 1,
        Full = 2,
    }

    // Full: the whole pattern matched a prefix of the path. Partial: the path ran out while the
    // pattern could still match something below it.
    private static MatchState Match(string[] pattern, int pi, ReadOnlySpan<string> path, int qi)
    {
        if (pi == pattern.Length) return MatchState.Full;
        if (qi == path.Length) return MatchState.Partial;
        if (pattern[pi] == "**")
        {
            var best = Match(pattern, pi + 1, path, qi);
            if (best == MatchState.Full) return best;
            var deeper = Match(pattern, pi, path, qi + 1);
            return deeper > best ? deeper : best;
        }

        return Glob(pattern[pi], path[qi]) ? Match(pattern, pi + 1, path, qi + 1) : MatchState.None;
    }

    /// <summary>
    /// <c>*</c> matches any run of characters within one field name. Greedy with one backtrack point,
    /// so hostile patterns (<c>***…x</c>) stay linear in practice instead of exponential.
    /// </summary>
    internal static bool Glob(ReadOnlySpan<char> pattern, ReadOnlySpan<char> name)
    {
        int p = 0, n = 0, star = -1, mark = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = n;
            }
            else if (p < pattern.Length && pattern[p] == name[n])
            {
                p++;
                n++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                n = ++mark;
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

/// <summary>What a <c>filter_path</c> says about one field of a response.</summary>
public enum FilterDecision
{
    /// <summary>Leave the field (and everything under it) out.</summary>
    Exclude = 0,

    /// <summary>Keep the field and everything under it.</summary>
    Include = 1,

    /// <summary>Keep the field only for the children the filter keeps.</summary>
    Partial = 2,
}
