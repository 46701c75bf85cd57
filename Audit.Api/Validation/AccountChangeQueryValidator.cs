using Audit.Api.Queries;

namespace Audit.Api.Validation;

public sealed class AccountChangeQueryValidator : ListQueryValidator<AccountChangeQuery>
{
    public AccountChangeQueryValidator() => OneOf(q => q.Action, "action", AccountChangeQueries.Actions);
}
