using Audit.Tests.Support;

namespace Audit.Tests.Conformance;

/// <summary>
/// The committed conformance reports are what the tests compute: with AUDIT_WRITE_CONFORMANCE=1
/// (scripts/conformance.sh) a report is written, otherwise the committed file must equal it.
/// </summary>
public static class ConformanceDocs
{
    public static bool Writing => Environment.GetEnvironmentVariable("AUDIT_WRITE_CONFORMANCE") == "1";

    public static void WriteOrCompare(string relativePath, string computed)
    {
        var path = Path.Combine(RepoPaths.Root, relativePath);
        if (Writing)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, computed);
            return;
        }

        Assert.True(File.Exists(path), $"{relativePath} is missing: run scripts/conformance.sh");
        var committed = File.ReadAllText(path).Split('\n');
        var ours = computed.Split('\n');
        var at = Enumerable.Range(0, Math.Max(committed.Length, ours.Length))
            .FirstOrDefault(i => i >= committed.Length || i >= ours.Length || committed[i] != ours[i], -1);
        Assert.True(at < 0, $"{relativePath} differs from what the tests compute at line {at + 1}:\n  committed: {Line(committed, at)}\n  computed:  {Line(ours, at)}\nrun scripts/conformance.sh and commit the result");
    }

    /// <summary>The first markdown table of a file (its header, separator and rows).</summary>
    public static IReadOnlyList<string> FirstTable(IEnumerable<string> lines) =>
        lines.SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).ToList();

    private static string Line(string[] lines, int i) => i < 0 ? string.Empty : i < lines.Length ? lines[i] : "(end of file)";
}

/// <summary>docs/conformance.md repeats the detail reports' tables; scripts/conformance.sh rebuilds it after them.</summary>
public sealed class ConformanceSummaryTests
{
    [Fact]
    public void The_summary_repeats_the_detail_tables()
    {
        if (ConformanceDocs.Writing) return; // scripts/conformance.sh writes the summary after the details
        var summary = File.ReadAllLines(Path.Combine(RepoPaths.Root, "docs", "conformance.md"));
        var auth = ConformanceDocs.FirstTable(File.ReadLines(Path.Combine(RepoPaths.Root, "docs", "conformance", "auth.md")));
        var auditd = ConformanceDocs.FirstTable(File.ReadLines(Path.Combine(RepoPaths.Root, "docs", "conformance", "auditd.md")));
        Assert.True(auth.Count > 2 && auditd.Count > 2, "a detail report has no table");
        var authAt = Array.FindIndex(summary, l => l.StartsWith("## auth.log", StringComparison.Ordinal));
        var auditdAt = Array.FindIndex(summary, l => l.StartsWith("## auditd", StringComparison.Ordinal));
        Assert.True(authAt >= 0 && auditdAt > authAt, "docs/conformance.md lacks its auth.log or auditd section");
        Assert.Equal(auth, ConformanceDocs.FirstTable(summary.Skip(authAt)));
        Assert.Equal(auditd, ConformanceDocs.FirstTable(summary.Skip(auditdAt)));
    }
}
