using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;
using FluentValidation;

namespace Audit.Api.Validation;

/// <summary>The one endpoint filter that runs FluentValidation on an argument of type <typeparamref name="T"/>: 400 ProblemDetails naming each bad field.</summary>
public sealed class ValidationFilter<T>(IValidator<T> validator) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var argument = context.Arguments.OfType<T>().FirstOrDefault();
        if (argument is null) return TypedResults.Problem(detail: $"Missing {typeof(T).Name}.", statusCode: StatusCodes.Status400BadRequest);
        var result = await validator.ValidateAsync(argument, context.HttpContext.RequestAborted);
        if (result.IsValid) return await next(context);
        return TypedResults.ValidationProblem(result.ToDictionary());
    }
}

/// <summary>How the API's validators are named and registered, in one place.</summary>
public static class ApiValidation
{
    /// <summary>
    /// Names every rule after its property as clients write it (camelCase, as in the query string and
    /// the JSON bodies), and registers every public validator of this assembly as a singleton:
    /// validators are stateless, and building one compiles its rule expressions.
    /// </summary>
    public static IServiceCollection AddApiValidators(this IServiceCollection services)
    {
        ValidatorOptions.Global.PropertyNameResolver = PropertyName;
        var validators = typeof(ApiValidation).Assembly.GetTypes().Where(t => t is { IsPublic: true, IsAbstract: false, IsGenericTypeDefinition: false });
        foreach (var type in validators)
        {
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidator<>)))
            {
                services.AddSingleton(contract, type);
            }
        }

        return services;
    }

    /// <summary>A rule on a property is named in camelCase; a rule on the whole object names itself (OverridePropertyName).</summary>
    public static string? PropertyName(Type type, MemberInfo? member, LambdaExpression? expression) =>
        member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);
}
