namespace Audit.Infrastructure.Keys;

/// <summary>The scopes a key can carry; <see cref="Admin"/> implies the others.</summary>
public static class ApiKeyScopes
{
    public const string Ingest = "ingest";
    public const string Read = "read";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Ingest, Read, Admin];

    public static bool IsKnown(string scope) => All.Contains(scope);
}
