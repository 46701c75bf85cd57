using System.Globalization;
using Audit.Domain.Parsing;

namespace Audit.Tests.Conformance.Auth;

/// <summary>
/// What one corpus says about our parsers: how many lines were parsed, noise or unparsed, how many
/// expected fields were compared and agreed, and every difference with its explanation.
/// </summary>
public sealed class AgreementTally(string corpus, string comparedWith)
{
    public string Corpus { get; } = corpus;

    public string ComparedWith { get; } = comparedWith;

    public int Lines { get; private set; }

    public int Parsed { get; private set; }

    public int Noise { get; private set; }

    public int Unparsed { get; private set; }

    public int Compared { get; private set; }

    public int Agreed { get; private set; }

    public List<FieldDifference> Differences { get; } = [];

    public int Explained => Differences.Count(d => d.Explanation is not null);

    public IEnumerable<FieldDifference> Unexplained => Differences.Where(d => d.Explanation is null);

    /// <summary>Share of compared fields that agree; differences with an explanation still count against it (0 when nothing was compared).</summary>
    public double AgreementPercent => Compared == 0 ? 0 : 100.0 * Agreed / Compared;

    /// <summary>Share of lines that were an event or recognised noise (0 when there were no lines).</summary>
    public double RecognisedPercent => Lines == 0 ? 0 : 100.0 * (Parsed + Noise) / Lines;

    public void Count(ParseResult result)
    {
        Lines++;
        switch (result.Status)
        {
            case ParseStatus.Parsed: Parsed++; break;
            case ParseStatus.Noise: Noise++; break;
            default: Unparsed++; break;
        }
    }

    /// <summary>
    /// Compares one expected field; <paramref name="explain"/> is asked for a reason only when they
    /// differ and returns null when the difference is not understood.
    /// </summary>
    public void Compare(string where, string field, object? expected, object? actual, Func<string?>? explain = null)
    {
        Compared++;
        var e = Text(expected);
        var a = Text(actual);
        if (string.Equals(e, a, StringComparison.Ordinal))
        {
            Agreed++;
            return;
        }

        // A reason counts only for a difference listed, with this place, field and both values, in known-differences.tsv.
        var reason = explain?.Invoke();
        var key = new KnownDifference(Corpus, where, field, e, a);
        Differences.Add(new FieldDifference(where, field, e, a, reason is not null && KnownDifferences.Contains(key) ? reason : null));
    }

    /// <summary>Rows of known-differences.tsv for this corpus that this run did not produce.</summary>
    public IReadOnlyList<KnownDifference> Stale =>
        KnownDifferences.Stale(Corpus, Differences.Select(d => new KnownDifference(Corpus, d.Where, d.Field, d.Expected, d.Actual)));

    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b ? "true" : "false",
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
