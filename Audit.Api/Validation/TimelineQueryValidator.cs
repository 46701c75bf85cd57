using Audit.Api.Queries;
using FluentValidation;

namespace Audit.Api.Validation;

public sealed class TimelineQueryValidator : ListQueryValidator<TimelineQuery>
{
    public TimelineQueryValidator()
    {
        RuleFor(q => q).Must(q => !string.IsNullOrEmpty(q.User) || !string.IsNullOrEmpty(q.Host)).OverridePropertyName("user")
            .WithMessage("Give a user, a host, or both.");
        RuleFor(q => q.Kinds).Must(KindsAreKnown).OverridePropertyName("kinds")
            .WithMessage($"'kinds' is a comma-separated list of: {string.Join(", ", EventKind.All.Select(k => k.Name))}.");
    }

    public static bool KindsAreKnown(string? kinds) =>
        kinds is null || kinds.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).All(k => EventKind.All.Any(e => e.Name == k));
}
