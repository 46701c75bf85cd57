namespace Audit.Tests.Support;

/// <summary>A fact that needs ../shared/corpus; skipped with a reason when it is not there.</summary>
public sealed class CorpusFactAttribute : FactAttribute
{
    public CorpusFactAttribute()
    {
        if (Corpus.Directory is null) Skip = "../shared/corpus not found (set AUDIT_CORPUS)";
    }
}
