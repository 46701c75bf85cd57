using Audit.Infrastructure.Keys;
using Microsoft.AspNetCore.Authorization;

namespace Audit.Api.Auth;

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
