using System.Text.Json;
using System.Text.Json.Nodes;
using Audit.Api.AppEvents;
using Audit.Api.Auth;
using Audit.Api.Endpoints;
using Audit.Api.Ingest;
using Audit.Api.Queries;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Audit.Api.Hosting;

/// <summary>Swagger document with the API-key scheme (so the UI's Authorize button works), example values and query parameters as clients write them.</summary>
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

/// <summary>Example values for the main request and response shapes, shown in Swagger UI.</summary>
public sealed class ExampleSchemaFilter : ISchemaFilter
{
    private static readonly DateTimeOffset T = new(2026, 11, 26, 10, 4, 5, TimeSpan.Zero);
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static readonly Dictionary<Type, object> Examples = new()
    {
        [typeof(IngestResponse)] = new IngestResponse(4711, 1998, 2),
        [typeof(CommandItem)] = new CommandItem(T, "web-1", "alice", "root", "systemctl restart nginx", 0, 4242, 118, "bash", "/var/log/commands.log", 79037779238),
        [typeof(LoginItem)] = new LoginItem(T, "web-1", "alice", "203.0.113.7", 51022, null, "publickey", "success", false, "ED25519", "SHA256:Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg", "accepted", "sshd", 4100, 79037779201, ["accepted"]),
        [typeof(SudoItem)] = new SudoItem(T, "web-1", "alice", "root", null, "/usr/bin/systemctl restart nginx", "/home/alice", "pts/0", "allowed", null, null, ["auth", "auditd"], "alice", 12, 4300, 79037779300),
        [typeof(ExecutionItem)] = new ExecutionItem(T, "web-1", "alice", "root", "root", 12, 4301, 4300, "/usr/bin/cat", ["cat", "/etc/shadow"], "/root", "pts0", "shadow-read", true, 1000, 0, 0,
            "639003324000000000-79037779310-9001", "639003323990000000-79037779300-8990", "/usr/bin/bash", "-bash", 79037779310),
        [typeof(SessionItem)] = new SessionItem("639002846450000000-79037779201", "web-1", "alice", "203.0.113.7", 51022, "publickey", T, T.AddMinutes(25), 4100, 12, 1000),
        [typeof(AccountChangeItem)] = new AccountChangeItem(T, "web-1", "member_added", "bob", "sudo", "alice", null, null, null, null, null, "usermod", true, ["auth", "auditd"], 3, 4242, 79037779400),
        [typeof(AppEventRequest)] = new AppEventRequest("2026-11-26T10:04:05Z", "alice", "deploy", "payments@v42", "success", "203.0.113.7", "deployer", null, null, null, null),
    };

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is OpenApiSchema concrete && Examples.TryGetValue(context.Type, out var example))
        {
            concrete.Examples = [JsonNode.Parse(JsonSerializer.Serialize(example, context.Type, Web))!];
        }
    }
}
