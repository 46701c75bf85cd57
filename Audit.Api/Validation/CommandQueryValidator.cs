using Audit.Api.Queries;
using FluentValidation;

namespace Audit.Api.Validation;

public sealed class CommandQueryValidator : AbstractValidator<CommandQuery>
{
    public CommandQueryValidator()
    {
        this.AddWindowRules(q => q.From, q => q.To, q => q.Limit);
        RuleFor(q => q.Contains).MaximumLength(1000);
        RuleFor(q => q.Host).MaximumLength(255);
        RuleFor(q => q.User).MaximumLength(255);
    }
}
