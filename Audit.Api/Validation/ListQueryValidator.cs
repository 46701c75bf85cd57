using Audit.Api.Queries;
using FluentValidation;

namespace Audit.Api.Validation;

/// <summary>Rules every list query shares: ISO 8601 bounds, from ≤ to, limit 1–1000, a sane cursor length.</summary>
public abstract class ListQueryValidator<T> : AbstractValidator<T>
    where T : IListQuery
{
    protected ListQueryValidator()
    {
        this.AddWindowRules(q => q.From, q => q.To, q => q.Limit);
        RuleFor(q => q.Cursor).MaximumLength(200).OverridePropertyName("cursor");
    }

    /// <summary>The value, when given, must be one of <paramref name="allowed"/>.</summary>
    protected void OneOf(System.Linq.Expressions.Expression<Func<T, string?>> property, string name, IReadOnlyCollection<string> allowed) =>
        RuleFor(property).Must(v => v is null || allowed.Contains(v)).OverridePropertyName(name)
            .WithMessage($"'{name}' must be one of: {string.Join(", ", allowed)}.");
}
