namespace Audit.Api.Queries;

/// <summary>Builds ILIKE patterns that match the user's text literally (%, _ and \ escaped).</summary>
public static class LikePattern
{
    public static string Contains(string text) =>
        "%" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
