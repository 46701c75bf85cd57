namespace Audit.Api.Queries;

public enum ExportFormat
{
    /// <summary>A JSON page with a cursor.</summary>
    Page = 0,
    Csv = 1,
    Ndjson = 2,
}
