namespace Audit.Domain.Auditd;

/// <summary>
/// A decoded SOCKADDR <c>saddr</c>: <see cref="Family"/> is <c>inet</c>, <c>inet6</c>, <c>local</c>,
/// <c>netlink</c> or the number; <see cref="Path"/> is a unix socket path (<c>@</c> prefix for abstract).
/// <see cref="Raw"/> keeps the hex as written.
/// </summary>
public sealed record AuditSockaddr(string Family, string? Address, int? Port, string? Path, string Raw);
