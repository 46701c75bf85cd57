namespace Audit.Tests.Support;

/// <summary>A theory that needs ../shared/corpus; skipped with a reason when it is not there.</summary>
public sealed class CorpusTheoryAttribute : TheoryAttribute
{
    public CorpusTheoryAttribute()
    {
        if (Corpus.Directory is null) Skip = "../shared/corpus not found (set AUDIT_CORPUS)";
    }
}
