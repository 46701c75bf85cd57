namespace Audit.Api.Queries;

/// <summary>
/// Builds ILIKE patterns that match the user's text literally (%, _ and \ escaped). Queries put the
/// pattern into the SQL as a constant (EF.Constant): plans are generic by default, and only a known
/// pattern lets PostgreSQL choose the trigram index.
/// </summary>
public static class LikePattern
{
    public static string Contains(string text) =>
        "%" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
