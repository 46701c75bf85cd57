using Audit.Api.Admin;
using Audit.Api.Queries;
using FluentValidation;

namespace Audit.Api.Validation;

public sealed class ReparseRequestValidator : AbstractValidator<ReparseRequest>
{
    public ReparseRequestValidator()
    {
        RuleFor(r => r.From).NotEmpty().Must(QueryWindow.IsPossible).OverridePropertyName("from")
            .WithMessage("'from' must be an ISO 8601 date-time.");
        RuleFor(r => r.To).NotEmpty().Must(QueryWindow.IsPossible).OverridePropertyName("to")
            .WithMessage("'to' must be an ISO 8601 date-time.");
        RuleFor(r => r).Must(r => !QueryWindow.TryParseTime(r.From, out var f) || !QueryWindow.TryParseTime(r.To, out var t) || f <= t)
            .OverridePropertyName("from").WithMessage("'from' must not be after 'to'.");
    }
}
