using System.Net;
using System.Text.Json;
using Audit.Api.AppEvents;
using Audit.Api.Queries;
using FluentValidation;

namespace Audit.Api.Validation;

/// <summary>Each event needs an actor and an action; the rest, when given, must have the right shape.</summary>
public sealed class AppEventBatchValidator : AbstractValidator<AppEventBatch>
{
    public AppEventBatchValidator()
    {
        RuleFor(b => b.Events).NotEmpty().WithMessage("Send at least one event.")
            .Must(e => e.Count <= 10_000).WithMessage("At most 10000 events per request.");
        RuleForEach(b => b.Events).SetValidator(new EventValidator());
    }

    private sealed class EventValidator : AbstractValidator<AppEventRequest>
    {
        public EventValidator()
        {
            RuleFor(e => e.Actor).NotEmpty().MaximumLength(256);
            RuleFor(e => e.Action).NotEmpty().MaximumLength(256);
            RuleFor(e => e.Time).Must(t => t is null || QueryWindow.TryParseTime(t, out _))
                .WithMessage("'time' must be an ISO 8601 date-time.");
            RuleFor(e => e.SourceIp).Must(ip => ip is null || IPAddress.TryParse(ip, out _))
                .WithMessage("'sourceIp' must be an IPv4 or IPv6 address.");
            RuleFor(e => e.Resource).MaximumLength(1024);
            RuleFor(e => e.Outcome).MaximumLength(64);
            RuleFor(e => e.Service).MaximumLength(256);
            RuleFor(e => e.Host).MaximumLength(255);
            RuleFor(e => e.Before).Must(IsObject).WithMessage("'before' must be a JSON object.");
            RuleFor(e => e.After).Must(IsObject).WithMessage("'after' must be a JSON object.");
            RuleFor(e => e.Extra).Must(IsObject).WithMessage("'extra' must be a JSON object.");
        }

        private static bool IsObject(JsonElement? e) => e is null || e.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Null;
    }
}
