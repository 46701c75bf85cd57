using Audit.Api.Queries;
using FluentValidation;

namespace Audit.Api.Validation;

/// <summary>Rules every list query shares: ISO 8601 bounds, from ≤ to, limit 1–1000, a sane cursor length.</summary>
public abstract class ListQueryValidator<T> : AbstractValidator<T>
    where T : IListQuery
{
    protected ListQueryValidator()
    {
        this.AddWindowRules(q => q.From, q => q.To);
        RuleFor(q => q.Limit).InclusiveBetween(1, QueryWindow.MaxLimit).When(q => q.Limit is not null)
            .WithMessage($"'limit' must be between 1 and {QueryWindow.MaxLimit}.");
        RuleFor(q => q.Cursor).MaximumLength(200);
    }

    /// <summary>The value, when given, must be one of <paramref name="allowed"/>.</summary>
    protected void OneOf(System.Linq.Expressions.Expression<Func<T, string?>> property, IReadOnlyCollection<string> allowed) =>
        RuleFor(property).Must(v => v is null || allowed.Contains(v))
            .WithMessage($"'{{PropertyName}}' must be one of: {string.Join(", ", allowed)}.");
}

/// <summary>Rules every windowed query shares: ISO 8601 bounds, from ≤ to, inside the possible years, not longer than the longest window.</summary>
public static class WindowRules
{
    public static void AddWindowRules<T>(
        this AbstractValidator<T> v, System.Linq.Expressions.Expression<Func<T, string?>> from, System.Linq.Expressions.Expression<Func<T, string?>> to)
    {
        var fromOf = from.Compile();
        var toOf = to.Compile();
        v.RuleFor(from).Must(s => s is null || QueryWindow.TryParseTime(s, out _))
            .WithMessage("'from' must be an ISO 8601 date-time, e.g. 2026-11-26T10:00:00Z.");
        v.RuleFor(to).Must(s => s is null || QueryWindow.TryParseTime(s, out _))
            .WithMessage("'to' must be an ISO 8601 date-time, e.g. 2026-11-26T10:00:00Z.");
        v.RuleFor(x => x).Must(x => !QueryWindow.TryParseTime(fromOf(x), out var f) || !QueryWindow.TryParseTime(toOf(x), out var t) || f <= t)
            .OverridePropertyName("from").WithMessage("'from' must not be after 'to'.");
        v.RuleFor(from).Must(s => s is null || !QueryWindow.TryParseTime(s, out _) || QueryWindow.IsPossible(s))
            .WithMessage($"'from' must lie between {QueryWindow.Earliest:yyyy-MM-dd} and {QueryWindow.Latest:yyyy-MM-dd}.");
        v.RuleFor(to).Must(s => s is null || !QueryWindow.TryParseTime(s, out _) || QueryWindow.IsPossible(s))
            .WithMessage($"'to' must lie between {QueryWindow.Earliest:yyyy-MM-dd} and {QueryWindow.Latest:yyyy-MM-dd}.");
        v.RuleFor(x => x).Must(x => !QueryWindow.TryParseTime(fromOf(x), out var f) || !QueryWindow.TryParseTime(toOf(x), out var t) || t - f <= QueryWindow.MaxSpan)
            .OverridePropertyName("to").WithMessage($"The window from 'from' to 'to' must not be longer than {QueryWindow.MaxSpan.TotalDays:0} days.");
    }
}
