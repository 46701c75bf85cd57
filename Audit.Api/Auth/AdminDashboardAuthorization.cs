using Audit.Infrastructure.Keys;
using Hangfire.Dashboard;

namespace Audit.Api.Auth;

/// <summary>
/// The Hangfire dashboard is for admins; browsers are asked for Basic credentials (password = key). Because a
/// browser replays Basic credentials on any site's form, a POST must come from the dashboard's own origin.
/// </summary>
public sealed class AdminDashboardAuthorization : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        var http = context.GetHttpContext();
        if (HttpMethods.IsPost(http.Request.Method) && !IsSameOrigin(http.Request)) return false; // no cross-site POSTs riding on Basic credentials
        if (http.User.HasScope(ApiKeyScopes.Admin)) return true;
        http.Response.Headers.WWWAuthenticate = "Basic realm=\"audit\"";
        return false;
    }

    /// <summary>
    /// Before the dashboard: a throttled source gets 429 with Retry-After, as the API routes do (Hangfire
    /// itself could only answer 401 for a refused filter, which invites the next guess at once).
    /// </summary>
    public static Task RefuseThrottledAsync(HttpContext http, RequestDelegate next)
    {
        if (!http.Request.Path.StartsWithSegments("/hangfire") || !http.Items.TryGetValue(ApiKeyAuthenticationHandler.ThrottledItem, out var wait)) return next(http);
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = wait!.ToString();
        return http.Response.WriteAsync("Too many failed key checks from this address or for this key; retry later.");
    }

    /// <summary>The dashboard's own POSTs carry Origin (or at least Referer) naming this host; a foreign or missing one is refused.</summary>
    public static bool IsSameOrigin(HttpRequest request)
    {
        var claimed = request.Headers.Origin.ToString();
        if (claimed.Length == 0 || claimed == "null") claimed = request.Headers.Referer.ToString();
        if (!Uri.TryCreate(claimed, UriKind.Absolute, out var origin)) return false;
        return string.Equals(origin.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(origin.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
