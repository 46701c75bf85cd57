using Audit.Api.Queries;
using FluentValidation;

namespace Audit.Api.Validation;

/// <summary>Rules every list query shares: ISO 8601 bounds, from ≤ to, limit 1–1000.</summary>
public static class WindowRules
{
    public static void AddWindowRules<T>(this AbstractValidator<T> v, Func<T, string?> from, Func<T, string?> to, Func<T, int?> limit)
    {
        v.RuleFor(x => from(x)).Must(s => s is null || QueryWindow.TryParseTime(s, out _))
            .WithName("from").WithMessage("'from' must be an ISO 8601 date-time, e.g. 2026-11-26T10:00:00Z.");
        v.RuleFor(x => to(x)).Must(s => s is null || QueryWindow.TryParseTime(s, out _))
            .WithName("to").WithMessage("'to' must be an ISO 8601 date-time, e.g. 2026-11-26T10:00:00Z.");
        v.RuleFor(x => x).Must(x => !QueryWindow.TryParseTime(from(x), out var f) || !QueryWindow.TryParseTime(to(x), out var t) || f <= t)
            .WithName("from").WithMessage("'from' must not be after 'to'.");
        v.RuleFor(x => from(x)).Must(s => s is null || !QueryWindow.TryParseTime(s, out _) || QueryWindow.IsPossible(s))
            .WithName("from").WithMessage($"'from' must lie between {QueryWindow.Earliest:yyyy-MM-dd} and {QueryWindow.Latest:yyyy-MM-dd}.");
        v.RuleFor(x => to(x)).Must(s => s is null || !QueryWindow.TryParseTime(s, out _) || QueryWindow.IsPossible(s))
            .WithName("to").WithMessage($"'to' must lie between {QueryWindow.Earliest:yyyy-MM-dd} and {QueryWindow.Latest:yyyy-MM-dd}.");
        v.RuleFor(x => x).Must(x => !QueryWindow.TryParseTime(from(x), out var f) || !QueryWindow.TryParseTime(to(x), out var t) || t - f <= QueryWindow.MaxSpan)
            .WithName("to").WithMessage($"The window from 'from' to 'to' must not be longer than {QueryWindow.MaxSpan.TotalDays:0} days.");
        v.RuleFor(x => limit(x)).InclusiveBetween(1, QueryWindow.MaxLimit).When(x => limit(x) is not null)
            .WithName("limit").WithMessage($"'limit' must be between 1 and {QueryWindow.MaxLimit}.");
    }
}
