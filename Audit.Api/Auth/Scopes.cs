using System.Security.Claims;
using Audit.Infrastructure.Keys;
using Microsoft.AspNetCore.Authorization;

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

/// <summary>One authorization policy per scope.</summary>
public static class Policies
{
    public const string Ingest = "scope:ingest";
    public const string Read = "scope:read";
    public const string Admin = "scope:admin";

    public static AuthorizationBuilder AddScopePolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(Ingest, p => p.RequireAuthenticatedUser().RequireAssertion(c => c.User.HasScope(ApiKeyScopes.Ingest)))
        .AddPolicy(Read, p => p.RequireAuthenticatedUser().RequireAssertion(c => c.User.HasScope(ApiKeyScopes.Read)))
        .AddPolicy(Admin, p => p.RequireAuthenticatedUser().RequireAssertion(c => c.User.HasScope(ApiKeyScopes.Admin)));
}
