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

    public string Name { get; } = name;

    public string Peer { get; } = peer;

    public int Compared { get; private set; }

    public int Agreed { get; private set; }

    public int Units { get; set; }

    public List<string> Unexplained { get; } = [];

    public List<string> Notes { get; } = [];

    public IReadOnlyDictionary<string, (int Count, string Example)> Explained => _explained;

    public IReadOnlyDictionary<string, int> NotModelled => _notModelled;

    public double Percent => Compared == 0 ? 100 : 100.0 * Agreed / Compared;

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
        if (explain?.Invoke(expected, actual) is { } why)
        {
            _explained[why] = _explained.TryGetValue(why, out var e) ? (e.Count + 1, e.Example) : (1, example);
        }
        else
        {
            Unexplained.Add(example);
        }

        return false;
    }

    /// <summary>A peer field we deliberately do not model (not compared).</summary>
    public void NotModelledField(string why) => _notModelled[why] = _notModelled.GetValueOrDefault(why) + 1;

    public string Row() => string.Create(CultureInfo.InvariantCulture,
        $"| {Name} | {Peer} | {Units} | {Compared} | {Agreed} | {Percent:0.0} % | {_explained.Values.Sum(v => v.Count)} | {Unexplained.Count} |");

    private static string Show(string? s) => s is null ? "null" : s.Length > 80 ? $"\"{s[..80]}…\"" : $"\"{s}\"";
}
