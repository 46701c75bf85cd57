namespace Audit.Api.Endpoints;

public sealed record HealthStatus(string Status, string? Reason, int? SchemaVersion, int ExpectedSchemaVersion);
