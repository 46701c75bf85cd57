namespace Audit.Api.Endpoints;

/// <summary>
/// <paramref name="LeastPrivilege"/> is "on" when the service's login cannot rewrite raw staging
/// (no UPDATE, DELETE or TRUNCATE, not its owner, not a superuser), "off" when it could.
/// <paramref name="Integrity"/> is the last verification: "ok", "failed" or "not_run".
/// </summary>
public sealed record HealthStatus(string Status, string? Reason, int? SchemaVersion, int ExpectedSchemaVersion, string? LeastPrivilege = null, string? Integrity = null);
