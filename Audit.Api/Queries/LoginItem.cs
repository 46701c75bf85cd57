namespace Audit.Api.Queries;

/// <summary>An SSH authentication outcome.</summary>
/// <param name="Detail">What sshd said, e.g. accepted, failed, invalid_user, preauth_closed, max_auth_attempts.</param>
public sealed record LoginItem(
    DateTimeOffset Time, string Host, string? User, string? SourceIp, int? SourcePort, string? Method, string Outcome,
    bool InvalidUser, string? KeyType, string? KeyFingerprint, string Detail, int? SshdPid, long RawId);
