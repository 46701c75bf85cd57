namespace Audit.Api.Queries;

/// <summary>Parameters of <c>GET /api/v1/stats/summary</c>.</summary>
/// <param name="Top">How many top users, hosts and source IPs (default 10, at most 100).</param>
public sealed record StatsQuery(string? Host, string? From, string? To, int? Top);
