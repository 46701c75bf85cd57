namespace Audit.Api.Queries;

/// <summary>A response that knows how many rows it carries (for the query log).</summary>
public interface ICountedResult
{
    int RowCount { get; }
}
