using Audit.Infrastructure.Database;

namespace Audit.Api.Endpoints;

/// <param name="Status"><c>ok</c>, <c>degraded</c> (serving, but the parse queue is stuck or integrity failed: see <paramref name="Reason"/>) or <c>unavailable</c>.</param>
/// <param name="LeastPrivilege">"on" when the service's login cannot rewrite raw staging (no UPDATE, DELETE or TRUNCATE, not its owner, not a superuser), "off" when it could.</param>
/// <param name="Integrity">The last verification: "ok", "failed" or "not_run".</param>
/// <param name="ParseQueue">The parse queue when the database answered.</param>
/// <param name="Replica">The standby of <c>ConnectionStrings:AuditRead</c>, when one is configured: whether it serves reads now, and its lag.</param>
public sealed record HealthStatus(string Status, string? Reason, int? SchemaVersion, int ExpectedSchemaVersion, string? LeastPrivilege = null, string? Integrity = null,
    Audit.Infrastructure.Parsing.ParseQueueStats? ParseQueue = null, ReplicaState? Replica = null);
