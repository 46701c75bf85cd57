namespace Audit.Api.Queries;

/// <summary>Counts over a time window: events by kind, busiest users and hosts, where failed logins come from.</summary>
public sealed record StatsSummary(
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyDictionary<string, long> CountsByKind,
    IReadOnlyList<NamedCount> TopUsers,
    IReadOnlyList<NamedCount> TopHosts,
    IReadOnlyList<NamedCount> FailedLoginsBySourceIp,
    long UnparsedLines) : ICountedResult
{
    int ICountedResult.RowCount => CountsByKind.Count + TopUsers.Count + TopHosts.Count + FailedLoginsBySourceIp.Count;
}
