using Audit.Api.Queries;
using FluentValidation;

namespace Audit.Api.Validation;

public sealed class SearchQueryValidator : ListQueryValidator<SearchQuery>
{
    public SearchQueryValidator()
    {
        RuleFor(q => q.Q).NotEmpty().MinimumLength(3).MaximumLength(1000).OverridePropertyName("q")
            .WithMessage("'q' must be 3 to 1000 characters.");
        RuleFor(q => q.Kinds).Must(TimelineQueryValidator.KindsAreKnown).OverridePropertyName("kinds")
            .WithMessage($"'kinds' is a comma-separated list of: {string.Join(", ", EventKind.All.Where(k => k.SearchColumn is not null).Select(k => k.Name))}.");
    }
}
