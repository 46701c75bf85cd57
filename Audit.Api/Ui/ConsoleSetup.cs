using Audit.Api.Auth;
using Audit.Api.Hosting;
using Audit.Infrastructure.Keys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace Audit.Api.Ui;

/// <summary>Wiring of the /ui console: Razor Pages under Ui/Pages, its session scheme and policies, and its security headers.</summary>
public static class ConsoleSetup
{
    public const string ReadPolicy = "console:read";
    public const string AdminPolicy = "console:admin";

    /// <summary>No inline script or style anywhere: every script is a file the API serves (wwwroot/ui).</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    public static WebApplicationBuilder AddAuditConsole(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ConsoleSessionStore>();
        services.AddSingleton<ConsoleReads>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ConsoleAuthenticationHandler>(ConsoleAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ReadPolicy, p => p.AddAuthenticationSchemes(ConsoleAuthenticationHandler.SchemeName).RequireAuthenticatedUser()
                .RequireAssertion(c => c.User.HasScope(ApiKeyScopes.Read)))
            .AddPolicy(AdminPolicy, p => p.AddAuthenticationSchemes(ConsoleAuthenticationHandler.SchemeName).RequireAuthenticatedUser()
                .RequireAssertion(c => c.User.HasScope(ApiKeyScopes.Admin)));
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Ui/Pages";
            o.Conventions.AuthorizeFolder("/", ReadPolicy);
            o.Conventions.AuthorizeFolder("/Admin", AdminPolicy);
            o.Conventions.AllowAnonymousToPage("/Index");
            // The console's reads go where the API's do; admin pages read back what they just wrote.
            o.Conventions.AddFolderApplicationModelConvention("/", m => m.EndpointMetadata.Add(new ReplicaReads()));
            o.Conventions.AddFolderApplicationModelConvention("/Admin", m => m.EndpointMetadata.Add(new ReplicaReads(Allowed: false)));
        });
        return builder;
    }

    /// <summary>Security headers on every /ui answer, and the console's static files (wwwroot/ui).</summary>
    public static WebApplication UseAuditConsole(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/ui"))
            {
                var h = context.Response.Headers;
                h.ContentSecurityPolicy = ContentSecurityPolicy;
                h.XContentTypeOptions = "nosniff";
                h.XFrameOptions = "DENY";
                h["Referrer-Policy"] = "same-origin";
                // Pages are never cached: each carries the sign-out form, and antiforgery marks such answers no-store itself.
                if (Path.HasExtension(context.Request.Path.Value)) h.CacheControl = "public, max-age=300";
            }

            return next(context);
        });
        app.UseStaticFiles();
        return app;
    }

    public static IEndpointRouteBuilder MapAuditConsole(this IEndpointRouteBuilder app)
    {
        app.MapRazorPages();
        // Browsers ask for it on answers without a page (redirects, the plain 403).
        app.MapGet("/favicon.ico", () => TypedResults.Redirect("/ui/favicon.svg", permanent: true)).ExcludeFromDescription().AllowAnonymous();
        return app;
    }
}
