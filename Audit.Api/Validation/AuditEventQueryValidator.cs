using Audit.Api.Queries;
using FluentValidation;

namespace Audit.Api.Validation;

public sealed class AuditEventQueryValidator : ListQueryValidator<AuditEventQuery>
{
    public AuditEventQueryValidator() => RuleFor(q => q.Type).Matches("^[A-Z0-9_\\[\\]]+$").When(q => q.Type is not null).OverridePropertyName("type")
        .WithMessage("'type' is an audit record type such as SYSCALL, USER_LOGIN or USER_CMD.");
}
