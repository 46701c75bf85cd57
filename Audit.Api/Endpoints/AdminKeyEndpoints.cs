using Audit.Api.Admin;
using Audit.Api.Auth;
using Audit.Api.Queries;
using Audit.Api.Validation;
using Audit.Infrastructure.Keys;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Audit.Api.Endpoints;

/// <summary><c>/api/v1/admin/keys</c>: create, list and revoke API keys (admin scope).</summary>
public static class AdminKeyEndpoints
{
    public static IEndpointRouteBuilder MapAdminKeyEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/admin/keys").WithTags("Admin").RequireAuthorization(Policies.Admin).WithQueryLog(); // admin actions are recorded too
        group.MapPost("", CreateKeyAsync).WithName("CreateKey").WithSummary("Create a key; the answer holds the key itself, once.")
            .AddEndpointFilter<ValidationFilter<CreateKeyRequest>>().ProducesValidationProblem();
        group.MapGet("", ListKeysAsync).WithName("ListKeys").WithSummary("Every key, without secrets.");
        group.MapDelete("/{id:guid}", RevokeKeyAsync).WithName("RevokeKey").WithSummary("Revoke a key.");
        return app;
    }

    public static async Task<Created<CreatedKey>> CreateKeyAsync(CreateKeyRequest request, ApiKeyStore keys, HttpContext http, CancellationToken ct)
    {
        var (info, key) = await keys.CreateAsync(request.Name.Trim(), request.Scopes, http.User.Actor(), ct);
        return TypedResults.Created($"/api/v1/admin/keys/{info.Id}", new CreatedKey(info.Id, info.Name, info.Scopes, key, info.Prefix, info.CreatedAt));
    }

    public static async Task<Ok<IReadOnlyList<ApiKeyInfo>>> ListKeysAsync(ApiKeyStore keys, CancellationToken ct) =>
        TypedResults.Ok(await keys.ListAsync(ct));

    public static async Task<Results<NoContent, NotFound>> RevokeKeyAsync(Guid id, ApiKeyStore keys, CancellationToken ct) =>
        await keys.RevokeAsync(id, ct) ? TypedResults.NoContent() : TypedResults.NotFound();
}
