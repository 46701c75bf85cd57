using Audit.Api.Endpoints;
using Audit.Infrastructure.Keys;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;

namespace Audit.Api.Ui.Pages.Admin;

/// <summary><c>/ui/admin/keys</c>: the key endpoints (<c>/api/v1/admin/keys</c>) as a page; the new key is shown once, in the answer to the POST.</summary>
public sealed class KeysModel(ApiKeyStore keys, IValidator<CreateKeyRequest> validator) : ConsolePageModel
{
    public IReadOnlyList<ApiKeyInfo> Keys { get; private set; } = [];
    public CreatedKey? Created { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Keys = (await AdminKeyEndpoints.ListKeysAsync(keys, ct)).Value!;

    public async Task<IActionResult> OnPostCreateAsync(string? name, string[]? scopes, CancellationToken ct)
    {
        var request = new CreateKeyRequest(name ?? "", scopes ?? []);
        var validation = await validator.ValidateAsync(request, ct);
        if (validation.IsValid) Created = (await AdminKeyEndpoints.CreateKeyAsync(request, keys, HttpContext, ct)).Value;
        else Errors = validation.Errors.Select(e => e.ErrorMessage).ToList();
        Keys = (await AdminKeyEndpoints.ListKeysAsync(keys, ct)).Value!;
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken ct)
    {
        await AdminKeyEndpoints.RevokeKeyAsync(id, keys, ct);
        return Redirect("/ui/admin/keys");
    }
}
