using Audit.Api.Auth;
using Audit.Api.Queries;
using Audit.Api.Validation;
using Audit.Infrastructure.Keys;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Audit.Api.Endpoints;

/// <summary>A key to create.</summary>
/// <param name="Name">What the key is for, e.g. "filebeat web-01".</param>
/// <param name="Scopes">Any of ingest, read, admin (admin implies the others).</param>
public sealed record CreateKeyRequest(string Name, string[] Scopes);

/// <summary>A new key; <c>key</c> is shown this once and never again.</summary>
public sealed record CreatedKey(Guid Id, string Name, IReadOnlyList<string> Scopes, string Key, string Prefix, DateTimeOffset CreatedAt);

public sealed class CreateKeyRequestValidator : AbstractValidator<CreateKeyRequest>
{
    public CreateKeyRequestValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
        RuleFor(r => r.Scopes).NotEmpty().WithMessage("Give at least one scope: ingest, read or admin.");
        RuleForEach(r => r.Scopes).Must(ApiKeyScopes.IsKnown).WithMessage("Unknown scope '{PropertyValue}'; use ingest, read or admin.");
    }
}

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
