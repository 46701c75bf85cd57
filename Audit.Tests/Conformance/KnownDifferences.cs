using System.Globalization;
using System.Text;
using Audit.Tests.Support;

namespace Audit.Tests.Conformance;

/// <summary>One difference we accept: the corpus, the place (file and line, document or event), the field and both values.</summary>
public sealed record KnownDifference(string Corpus, string Where, string Field, string? Expected, string? Actual);

/// <summary>
/// The differences from the peers that are explained, one row each in
/// <c>Audit.Tests/Conformance/known-differences.tsv</c>. A corpus's explanation (its reason text) applies only
/// to a difference listed here with the same place, field, expected and actual value, so a reason written for
/// one line can never excuse a new difference on another line or with another value. A row that no longer
/// occurs fails too (the difference went away: delete the row). Edit the file by hand; it is not generated.
/// </summary>
public static class KnownDifferences
{
    public const string FileName = "known-differences.tsv";

    private static readonly Lazy<ILookup<string, KnownDifference>> Rows = new(Load);

    public static IEnumerable<KnownDifference> For(string corpus) => Rows.Value[corpus];

    public static bool Contains(KnownDifference d) => Rows.Value[d.Corpus].Contains(d);

    /// <summary>The rows of <paramref name="corpus"/> that the run did not produce.</summary>
    public static IReadOnlyList<KnownDifference> Stale(string corpus, IEnumerable<KnownDifference> produced)
    {
        var seen = produced.ToHashSet();
        return For(corpus).Where(k => !seen.Contains(k)).ToList();
    }

    /// <summary>A row as written in the file (also what a failing test prints, ready to paste after review).</summary>
    public static string Row(KnownDifference d) => string.Join('\t', d.Corpus, d.Where, d.Field, Escape(d.Expected), Escape(d.Actual));

    private static ILookup<string, KnownDifference> Load()
    {
        var path = Path.Combine(RepoPaths.Root, "Audit.Tests", "Conformance", FileName);
        var rows = new List<KnownDifference>();
        foreach (var (line, n) in File.ReadLines(path).Select((l, i) => (l, i + 1)))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var cells = line.Split('\t');
            if (cells.Length != 5) throw new FormatException($"{FileName}:{n}: {cells.Length} columns, expected 5 (corpus, where, field, expected, actual)");
            rows.Add(new KnownDifference(cells[0], cells[1], cells[2], Unescape(cells[3]), Unescape(cells[4])));
        }

        if (rows.Distinct().Count() != rows.Count) throw new FormatException($"{FileName}: a row is listed twice");
        return rows.ToLookup(r => r.Corpus, StringComparer.Ordinal);
    }

    /// <summary>Null is <c>\N</c>; backslash, tab, line ends and other control characters are escaped.</summary>
    private static string Escape(string? value)
    {
        if (value is null) return "\\N";
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\t': sb.Append("\\t"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case < ' ': sb.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"); break;
                default: sb.Append(c); break;
            }
        }

        return sb.ToString();
    }

    private static string? Unescape(string cell)
    {
        if (cell == "\\N") return null;
        var sb = new StringBuilder(cell.Length);
        for (var i = 0; i < cell.Length; i++)
        {
            if (cell[i] != '\\' || i + 1 == cell.Length)
            {
                sb.Append(cell[i]);
                continue;
            }

            var next = cell[++i];
            switch (next)
            {
                case 't': sb.Append('\t'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 'x' when i + 2 < cell.Length:
                    sb.Append((char)int.Parse(cell.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 2;
                    break;
                default: sb.Append(next); break;
            }
        }

        return sb.ToString();
    }
}
