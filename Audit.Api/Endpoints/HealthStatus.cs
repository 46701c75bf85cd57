namespace Audit.Api.Endpoints;

/// <param name="Status"><c>ok</c>, <c>degraded</c> (serving, but the parse queue is stuck: see <paramref name="Reason"/>) or <c>unavailable</c>.</param>
/// <param name="ParseQueue">The parse queue when the database answered.</param>
public sealed record HealthStatus(string Status, string? Reason, int? SchemaVersion, int ExpectedSchemaVersion, Audit.Infrastructure.Parsing.ParseQueueStats? ParseQueue = null);
