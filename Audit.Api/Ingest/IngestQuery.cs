namespace Audit.Api.Ingest;

/// <summary>Query parameters of <c>POST /api/v1/ingest</c>.</summary>
/// <param name="Host">Host for lines whose documents do not name one (text/plain always uses it).</param>
/// <param name="Source">Source path for lines whose documents do not name one, e.g. <c>/var/log/auth.log</c>.</param>
public sealed record IngestQuery(string? Host, string? Source);
