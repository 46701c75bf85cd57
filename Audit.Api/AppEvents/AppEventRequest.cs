using System.Text.Json;

namespace Audit.Api.AppEvents;

/// <summary>A platform audit event as a client posts it.</summary>
/// <param name="Time">When it happened (ISO 8601); default: when it was received.</param>
/// <param name="Actor">Who did it (user, service account).</param>
/// <param name="Action">What was done, e.g. <c>deploy</c>, <c>role.grant</c>.</param>
/// <param name="Resource">To what, e.g. <c>payments@v42</c>.</param>
/// <param name="Outcome">e.g. <c>success</c>, <c>denied</c>.</param>
/// <param name="SourceIp">From where.</param>
/// <param name="Service">Which platform or service reports it.</param>
/// <param name="Host">Host the event concerns; default the service.</param>
/// <param name="Before">State before the change (JSON object).</param>
/// <param name="After">State after the change (JSON object).</param>
/// <param name="Extra">Anything else worth keeping (JSON object).</param>
public sealed record AppEventRequest(
    string? Time,
    string? Actor,
    string? Action,
    string? Resource,
    string? Outcome,
    string? SourceIp,
    string? Service,
    string? Host,
    JsonElement? Before,
    JsonElement? After,
    JsonElement? Extra);
