namespace Audit.Api.Queries;

/// <summary>Counts over a time window: events by kind, busiest users and hosts, where failed logins come from.</summary>
/// <param name="FailedLoginsBySourceIp">Failed authentication attempts (one per wrong password or refused key, however many lines sshd wrote for it) by client address; connections closed before any attempt are not counted.</param>
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
