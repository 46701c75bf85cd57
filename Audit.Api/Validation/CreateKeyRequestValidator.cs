using Audit.Api.Admin;
using Audit.Infrastructure.Keys;
using FluentValidation;

namespace Audit.Api.Validation;

public sealed class CreateKeyRequestValidator : AbstractValidator<CreateKeyRequest>
{
    public CreateKeyRequestValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
        RuleFor(r => r.Scopes).NotEmpty().WithMessage("Give at least one scope: ingest, read or admin.");
        RuleForEach(r => r.Scopes).Must(ApiKeyScopes.IsKnown).WithMessage("Unknown scope '{PropertyValue}'; use ingest, read or admin.");
    }
}
