using Audit.Api.Queries;
using FluentValidation;

namespace Audit.Api.Validation;

public sealed class ExecutionQueryValidator : ListQueryValidator<ExecutionQuery>
{
    public ExecutionQueryValidator() => RuleFor(q => q.Contains).MaximumLength(1000).OverridePropertyName("contains");
}
