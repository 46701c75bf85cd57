using System.Security.Claims;
using System.Text.Encodings.Web;
using Audit.Api.Auth;
using Audit.Infrastructure.Keys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Audit.Api.Ui;

/// <summary>Settings of the /ui console (section <c>Console</c>).</summary>
public sealed class ConsoleOptions
{
    public const string Section = "Console";

    /// <summary>How long a sign-in lasts before the key must be given again.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 7 * 24 * 60)]
    public int SessionMinutes { get; set; } = 8 * 60;
}

/// <summary>
/// The console's scheme: the <see cref="CookieName"/> cookie holds a session token that
/// <see cref="ConsoleSessionStore"/> maps to a live key. Only /ui pages use it; the API never reads the
/// cookie, so a cross-site request cannot ride on a console sign-in. Unauthenticated page requests are
/// sent to the sign-in page; a key without the scope a page needs gets a 403 page.
/// </summary>
public sealed class ConsoleAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ConsoleSessionStore sessions,
    IOptions<AuthOptions> auth) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Console";
    public const string CookieName = "audit_console";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Cookies.TryGetValue(CookieName, out var token) || token is not { Length: > 20 and < 100 }) return AuthenticateResult.NoResult();
        var session = await sessions.FindAsync(token, auth.Value.AdminKey, Context.RequestAborted);
        if (session is null) return AuthenticateResult.Fail("the console session ended or its key was revoked");

        var claims = new List<Claim> { new(ClaimTypes.Name, session.Name) };
        if (session.KeyId is { } id) claims.Add(new Claim(ScopeClaims.KeyId, id.ToString()));
        claims.AddRange(session.Scopes.Select(s => new Claim(ScopeClaims.Scope, s)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var back = Request.PathBase + Request.Path + Request.QueryString;
        Response.Redirect("/ui?returnUrl=" + Uri.EscapeDataString(back));
        return Task.CompletedTask;
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        Response.ContentType = "text/plain; charset=utf-8";
        await Response.WriteAsync("This key lacks the scope this page needs.");
    }

    /// <summary>Writes the session cookie: HttpOnly, SameSite=Strict, Secure when the request is, expiring with the session.</summary>
    public static void SetCookie(HttpResponse response, string token, DateTimeOffset expires) =>
        response.Cookies.Append(CookieName, token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = response.HttpContext.Request.IsHttps,
            Path = "/ui",
            Expires = expires,
            IsEssential = true,
        });

    public static void DeleteCookie(HttpResponse response) =>
        response.Cookies.Delete(CookieName, new CookieOptions { Path = "/ui", HttpOnly = true, SameSite = SameSiteMode.Strict });
}
