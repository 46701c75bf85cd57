namespace Audit.Api.Admin;

/// <summary>A new key; <c>key</c> is shown this once and never again.</summary>
public sealed record CreatedKey(Guid Id, string Name, IReadOnlyList<string> Scopes, string Key, string Prefix, DateTimeOffset CreatedAt);
