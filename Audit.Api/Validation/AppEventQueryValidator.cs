using Audit.Api.Queries;
using FluentValidation;

namespace Audit.Api.Validation;

public sealed class AppEventQueryValidator : ListQueryValidator<AppEventQuery>
{
    public AppEventQueryValidator() => RuleFor(q => q.Resource).MaximumLength(1000).OverridePropertyName("resource");
}
