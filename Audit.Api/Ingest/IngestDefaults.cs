namespace Audit.Api.Ingest;

/// <summary>Where lines came from when the documents do not say (<c>?host=</c>, <c>?source=</c>).</summary>
public readonly record struct IngestDefaults(string? Host, string? Source)
{
    public const string UnknownHost = "unknown";
}
