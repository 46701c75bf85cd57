using Audit.Api.Queries;
using FluentValidation;

namespace Audit.Api.Validation;

public sealed class UnparsedQueryValidator : ListQueryValidator<UnparsedQuery>
{
    public UnparsedQueryValidator() => RuleFor(q => q.Reason).MaximumLength(1000).OverridePropertyName("reason");
}
