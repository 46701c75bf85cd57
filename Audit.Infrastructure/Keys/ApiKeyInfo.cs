namespace Audit.Infrastructure.Keys;

/// <summary>A stored key, without its secret.</summary>
public sealed record ApiKeyInfo(Guid Id, string Name, IReadOnlyList<string> Scopes, string Prefix, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RevokedAt);
