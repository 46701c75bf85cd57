using Audit.Api.Auth;
using Microsoft.OpenApi;

namespace Audit.Api.Hosting;

/// <summary>Swagger document with the API-key scheme, so the UI's Authorize button works.</summary>
public static class SwaggerSetup
{
    public static IServiceCollection AddAuditSwagger(this IServiceCollection services) => services.AddSwaggerGen(o =>
    {
        o.SwaggerDoc("v1", new OpenApiInfo
        {
            Title = "Audit",
            Version = "v1",
            Description = "Who ran what, where and when: ingest for shippers, queries for people and tools.",
        });
        o.AddSecurityDefinition(ApiKeyAuthenticationHandler.SchemeName, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-Api-Key",
            Description = "An API key (scopes ingest, read, admin). Also accepted: Authorization: ApiKey <key> or Basic with the key as password.",
        });
        o.AddSecurityRequirement(doc => new OpenApiSecurityRequirement
        {
            [new OpenApiSecuritySchemeReference(ApiKeyAuthenticationHandler.SchemeName, doc)] = [],
        });
        o.SchemaFilter<ExampleSchemaFilter>();
        o.OperationFilter<CamelCaseQueryParameters>();
        var xml = Path.Combine(AppContext.BaseDirectory, "Audit.Api.xml");
        if (File.Exists(xml)) o.IncludeXmlComments(xml);
    });
}
