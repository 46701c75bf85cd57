using Audit.Api.Auth;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

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

/// <summary>
/// [AsParameters] records name their query parameters after the record's properties (<c>Host</c>);
/// binding ignores case, and the documentation shows them as clients write them (<c>host</c>).
/// </summary>
public sealed class CamelCaseQueryParameters : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        foreach (var p in operation.Parameters ?? [])
        {
            if (p is OpenApiParameter { In: ParameterLocation.Query, Name: { Length: > 0 } name } parameter && char.IsUpper(name[0]))
            {
                parameter.Name = char.ToLowerInvariant(name[0]) + name[1..];
            }
        }
    }
}
