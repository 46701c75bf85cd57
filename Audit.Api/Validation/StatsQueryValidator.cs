using Audit.Api.Queries;
using FluentValidation;

namespace Audit.Api.Validation;

public sealed class StatsQueryValidator : AbstractValidator<StatsQuery>
{
    public StatsQueryValidator()
    {
        this.AddWindowRules(q => q.From, q => q.To, _ => null);
        RuleFor(q => q.Top).InclusiveBetween(1, 100).When(q => q.Top is not null).OverridePropertyName("top");
    }
}
