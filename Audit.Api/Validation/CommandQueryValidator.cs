using Audit.Api.Queries;
using FluentValidation;

namespace Audit.Api.Validation;

public sealed class CommandQueryValidator : ListQueryValidator<CommandQuery>
{
    public CommandQueryValidator()
    {
        RuleFor(q => q.Contains).MaximumLength(1000).OverridePropertyName("contains");
        RuleFor(q => q.Host).MaximumLength(255).OverridePropertyName("host");
        RuleFor(q => q.User).MaximumLength(255).OverridePropertyName("user");
    }
}
