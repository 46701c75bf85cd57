using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Audit.Infrastructure.Ingest;
using Audit.Infrastructure.Keys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Audit.Api.Auth;

/// <summary>
/// Authenticates requests by API key (see <see cref="ApiKeyExtractor"/> for the accepted forms).
/// When the key cannot be checked because PostgreSQL is away, the challenge answers 503 with
/// Retry-After instead of 401, so shippers retry rather than drop.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys,
    FailedAuthThrottle throttle,
    BacklogMonitor backlog) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    private const string StoreDownItem = "audit.keystore-down";
    public const string ThrottledItem = "audit.auth-throttled";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!ApiKeyExtractor.TryExtract(Request.Headers, out var key)) return AuthenticateResult.NoResult();

        if (throttle.IsThrottled(Context, key, out var retryAfter))
        {
            Context.Items[ThrottledItem] = retryAfter;
            return AuthenticateResult.Fail("too many failed attempts from this address or for this key");
        }

        if (throttle.IsAdminKey(key))
        {
            return Success("bootstrap-admin", null, [ApiKeyScopes.Admin]);
        }

        ApiKeyInfo? info;
        try
        {
            info = await keys.FindActiveAsync(key, Context.RequestAborted);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            backlog.ReportDatabaseDown();
            Context.Items[StoreDownItem] = true;
            return AuthenticateResult.Fail("the key store is unavailable");
        }

        if (info is not null) return Success(info.Name, info.Id, info.Scopes);
        throttle.RecordFailure(Context, key);
        return AuthenticateResult.Fail("invalid or revoked API key");
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items.ContainsKey(StoreDownItem))
        {
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            Response.Headers.RetryAfter = "5";
            await Response.WriteAsJsonAsync(Problem(503, "Service unavailable", "The database is not reachable; retry later."), options: null, contentType: "application/problem+json");
            return;
        }

        if (Context.Items.TryGetValue(ThrottledItem, out var wait))
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = wait!.ToString();
            await Response.WriteAsJsonAsync(Problem(429, "Too many failed attempts", "Too many failed key checks from this address or for this key; retry later."), options: null, contentType: "application/problem+json");
            return;
        }

        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "ApiKey, Basic realm=\"audit\"";
        await Response.WriteAsJsonAsync(Problem(401, "Unauthorized", "Send an API key: X-Api-Key, Authorization: ApiKey <key> or Basic (password = key)."), options: null, contentType: "application/problem+json");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Response.WriteAsJsonAsync(Problem(403, "Forbidden", "This key lacks the scope this endpoint needs."), options: null, contentType: "application/problem+json");
    }

    private AuthenticateResult Success(string name, Guid? id, IEnumerable<string> scopes)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, name) };
        if (id is { } keyId) claims.Add(new Claim(ScopeClaims.KeyId, keyId.ToString()));
        claims.AddRange(scopes.Select(s => new Claim(ScopeClaims.Scope, s)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    private static Microsoft.AspNetCore.Mvc.ProblemDetails Problem(int status, string title, string detail) =>
        new() { Status = status, Title = title, Detail = detail };
}
