using System.Globalization;

namespace Audit.Tests.Conformance.Auditd;

/// <summary>
/// Field-by-field agreement of our auditd model with one peer's expected output. Every difference is
/// either explained (a peer bug, a peer interpretation we do not model) or counted as unexplained;
/// fields we deliberately do not model are counted apart and never compared.
/// </summary>
public sealed class CorpusReport(string name, string peer)
{
    private readonly Dictionary<string, (int Count, string Example)> _explained = [];
    private readonly Dictionary<string, int> _notModelled = [];
    private readonly List<KnownDifference> _differences = [];

    public string Name { get; } = name;

    public string Peer { get; } = peer;

    public int Compared { get; private set; }

    public int Agreed { get; private set; }

    public int Units { get; set; }

    public List<string> Unexplained { get; } = [];

    public List<string> Notes { get; } = [];

    public IReadOnlyDictionary<string, (int Count, string Example)> Explained => _explained;

    public IReadOnlyDictionary<string, int> NotModelled => _notModelled;

    /// <summary>Share of compared fields that agree (0 when nothing was compared).</summary>
    public double Percent => Compared == 0 ? 0 : 100.0 * Agreed / Compared;

    /// <summary>Rows of known-differences.tsv for this corpus that this run did not produce.</summary>
    public IReadOnlyList<KnownDifference> Stale => KnownDifferences.Stale(Name, _differences);

    /// <summary>Compares one field; <paramref name="explain"/> names why a difference is expected (null: it is not).</summary>
    public bool Check(string where, string field, string? expected, string? actual, Func<string?, string?, string?>? explain = null)
    {
        Compared++;
        if (string.Equals(expected, actual, StringComparison.Ordinal))
        {
            Agreed++;
            return true;
        }

        var example = $"{where} {field}: expected {Show(expected)}, got {Show(actual)}";
        // A reason counts only for a difference listed, with this place, field and both values, in known-differences.tsv.
        var key = new KnownDifference(Name, where, field, expected, actual);
        _differences.Add(key);
        var reason = explain?.Invoke(expected, actual);
        if (reason is { } why && KnownDifferences.Contains(key))
        {
            _explained[why] = _explained.TryGetValue(why, out var e) ? (e.Count + 1, e.Example) : (1, example);
        }
        else
        {
            Unexplained.Add(example + " — not in known-differences.tsv as: " + KnownDifferences.Row(key));
        }

        return false;
    }

    /// <summary>A peer field we deliberately do not model (not compared).</summary>
    public void NotModelledField(string why) => _notModelled[why] = _notModelled.GetValueOrDefault(why) + 1;

    /// <summary>
    /// Today's figures are the floor: at least this many units and compared fields (a loader that finds
    /// less fails), at least this many agreeing, every difference a listed one and every listed one still seen.
    /// </summary>
    public void AssertAtToday(int units, int compared, int agreed)
    {
        Assert.True(Unexplained.Count == 0, $"{Name}: {Unexplained.Count} unexplained\n" + string.Join('\n', Unexplained.Take(30)));
        Assert.True(Stale.Count == 0, $"{Name}: listed in known-differences.tsv but no longer seen (delete the rows):\n" + string.Join('\n', Stale.Select(KnownDifferences.Row)));
        Assert.True(Units >= units, $"{Name}: {Units} units, today {units}");
        Assert.True(Compared >= compared, $"{Name}: {Compared} fields compared, today {compared}");
        Assert.True(Agreed >= agreed, $"{Name}: {Agreed} fields agree, today {agreed}");
    }

    public string Row() => string.Create(CultureInfo.InvariantCulture,
        $"| {Name} | {Peer} | {Units} | {Compared} | {Agreed} | {Percent:0.0} % | {_explained.Values.Sum(v => v.Count)} | {Unexplained.Count} |");

    private static string Show(string? s) => s is null ? "null" : s.Length > 80 ? $"\"{s[..80]}…\"" : $"\"{s}\"";
}
