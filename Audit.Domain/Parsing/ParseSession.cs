namespace Audit.Domain.Parsing;

/// <summary>
/// State carried from line to line within one parse pass, for sources whose lines depend on earlier
/// ones (an IPython log's <c># Thu, 26 Nov 2026 10:00:00</c> stamp dates the input lines after it).
/// One instance per pass; lines must be fed in the order they were written.
/// </summary>
public sealed class ParseSession
{
    private readonly Dictionary<(string Host, string Source), DateTimeOffset> _stamps = [];

    public bool TryGetStamp(string host, string source, out DateTimeOffset stamp) => _stamps.TryGetValue((host, source), out stamp);

    public void SetStamp(string host, string source, DateTimeOffset stamp) => _stamps[(host, source)] = stamp;
}
