using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Audit.Api.Hosting;

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
