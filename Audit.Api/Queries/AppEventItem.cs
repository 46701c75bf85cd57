using System.Text.Json;

namespace Audit.Api.Queries;

/// <summary>A platform audit event.</summary>
public sealed record AppEventItem(
    DateTimeOffset Time, string Host, string Actor, string Action, string? Resource, string? Outcome, string? SourceIp, string? Service,
    JsonElement? Before, JsonElement? After, JsonElement? Extra, long RawId);
