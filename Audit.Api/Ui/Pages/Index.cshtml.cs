using Audit.Api.Auth;
using Audit.Infrastructure.Keys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Audit.Api.Ui.Pages;

/// <summary><c>/ui</c>: sign-in with an API key (password field, POST), which opens a server-side session; and sign-out.</summary>
public sealed class IndexModel(ApiKeyStore keys, ConsoleSessionStore sessions, FailedAuthThrottle throttle, IOptions<AuthOptions> auth, IOptions<ConsoleOptions> options, TimeProvider time)
    : ConsolePageModel
{
    public string? Message { get; private set; }

    public string? ReturnUrl { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? returnUrl)
    {
        ReturnUrl = SafeReturn(returnUrl);
        var current = await HttpContext.AuthenticateAsync(ConsoleAuthenticationHandler.SchemeName);
        return current.Succeeded ? Redirect(ReturnUrl ?? "/ui/dashboard") : Page();
    }

    public async Task<IActionResult> OnPostAsync(string? key, string? returnUrl, CancellationToken ct)
    {
        ReturnUrl = SafeReturn(returnUrl);
        key = key?.Trim();
        Guid? keyId = null;
        var admin = auth.Value.AdminKey;
        if (string.IsNullOrEmpty(key))
        {
            return Refuse("Enter an API key.");
        }

        if (!throttle.IsAdminKey(key))
        {
            var info = await keys.FindActiveAsync(key, ct);
            if (info is null) return Refuse("This key is not valid, or it was revoked.");
            if (!info.Scopes.Contains(ApiKeyScopes.Read) && !info.Scopes.Contains(ApiKeyScopes.Admin)) return Refuse("This key has no read scope.");
            keyId = info.Id;
        }

        var lifetime = TimeSpan.FromMinutes(options.Value.SessionMinutes);
        var token = await sessions.OpenAsync(keyId, keyId is null ? admin : null, lifetime, ct);
        ConsoleAuthenticationHandler.SetCookie(Response, token, time.GetUtcNow() + lifetime);
        return Redirect(ReturnUrl ?? "/ui/dashboard");
    }

    public async Task<IActionResult> OnPostSignOutAsync(CancellationToken ct)
    {
        if (Request.Cookies.TryGetValue(ConsoleAuthenticationHandler.CookieName, out var token) && token is { Length: > 0 }) await sessions.EndAsync(token, ct);
        ConsoleAuthenticationHandler.DeleteCookie(Response);
        return Redirect("/ui");
    }

    private Microsoft.AspNetCore.Mvc.RazorPages.PageResult Refuse(string message)
    {
        Message = message;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Page();
    }

    /// <summary>Only a local console path may be returned to (no open redirect).</summary>
    private static string? SafeReturn(string? url) =>
        url is { Length: > 3 } && url.StartsWith("/ui/", StringComparison.Ordinal) && !url.StartsWith("//", StringComparison.Ordinal) && !url.Contains('\\', StringComparison.Ordinal) ? url : null;
}
