namespace Audit.Tests.Support;

/// <summary>
/// Finds <c>../shared/corpus</c> (real log files from public projects) beside the checkout, or at
/// AUDIT_CORPUS. Conformance tests use <see cref="CorpusFactAttribute"/> and are skipped, visibly,
/// when no corpus is configured and none is beside the checkout; when AUDIT_CORPUS names a folder that
/// is not there they run and fail (a configured corpus that went missing is an error, not a skip).
/// </summary>
public static class Corpus
{
    private static readonly Lazy<string?> Root = new(Find);

    public static string? Directory => Root.Value;

    public static string Path(params string[] parts)
    {
        var root = Directory ?? throw new InvalidOperationException("corpus not found (set AUDIT_CORPUS)");
        if (!System.IO.Directory.Exists(root)) throw new DirectoryNotFoundException($"AUDIT_CORPUS={root} does not exist");
        return System.IO.Path.Combine([root, .. parts]);
    }

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("AUDIT_CORPUS") is { Length: > 0 } env) return env;
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
