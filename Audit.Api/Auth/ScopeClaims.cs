using System.Security.Claims;
using Audit.Infrastructure.Keys;

namespace Audit.Api.Auth;

/// <summary>Claim names and checks for key scopes; admin implies every scope.</summary>
public static class ScopeClaims
{
    public const string Scope = "scope";
    public const string KeyId = "key_id";

    public static bool HasScope(this ClaimsPrincipal user, string scope) =>
        user.HasClaim(Scope, scope) || user.HasClaim(Scope, ApiKeyScopes.Admin);

    public static Guid? KeyIdOf(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(KeyId), out var id) ? id : null;

    /// <summary>Who is asking, for logs and records: the key's name and id, or the bootstrap admin.</summary>
    public static string Actor(this ClaimsPrincipal user) => user.Identity?.Name ?? "anonymous";
}
