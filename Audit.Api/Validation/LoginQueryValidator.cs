using Audit.Api.Queries;

namespace Audit.Api.Validation;

public sealed class LoginQueryValidator : ListQueryValidator<LoginQuery>
{
    public LoginQueryValidator() => OneOf(q => q.Outcome, "outcome", ["success", "failure", "closed_before_attempt"]);
}
