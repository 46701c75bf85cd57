namespace Audit.Tests.Support;

/// <summary>
/// Finds <c>../shared/corpus</c> (real log files from public projects) beside the checkout, or at
/// AUDIT_CORPUS. Conformance tests use <see cref="CorpusFactAttribute"/> and are skipped, visibly,
/// when it is absent.
/// </summary>
public static class Corpus
{
    private static readonly Lazy<string?> Root = new(Find);

    public static string? Directory => Root.Value;

    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([Directory ?? throw new InvalidOperationException("corpus not found"), .. parts]);

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("AUDIT_CORPUS") is { Length: > 0 } env) return System.IO.Directory.Exists(env) ? env : null;
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "corpus");
            if (System.IO.Directory.Exists(candidate)) return candidate;
            dir = dir.Parent;
        }

        return null;
    }
}
