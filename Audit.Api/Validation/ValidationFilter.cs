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
