using Audit.Api.Queries;
using FluentValidation;

namespace Audit.Api.Validation;

public sealed class SudoQueryValidator : ListQueryValidator<SudoQuery>
{
    public SudoQueryValidator()
    {
        OneOf(q => q.Outcome, "outcome", ["allowed", "denied"]);
        RuleFor(q => q.Contains).MaximumLength(1000).OverridePropertyName("contains");
    }
}
