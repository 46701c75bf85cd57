using Audit.Infrastructure.Keys;
using Hangfire.Dashboard;

namespace Audit.Api.Auth;

/// <summary>The Hangfire dashboard is for admins; browsers are asked for Basic credentials (password = key).</summary>
public sealed class AdminDashboardAuthorization : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        var http = context.GetHttpContext();
        if (http.User.HasScope(ApiKeyScopes.Admin)) return true;
        http.Response.Headers.WWWAuthenticate = "Basic realm=\"audit\"";
        return false;
    }
}
