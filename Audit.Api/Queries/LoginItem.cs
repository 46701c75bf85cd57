namespace Audit.Api.Queries;

/// <summary>An SSH authentication outcome.</summary>
/// <param name="Detail">What sshd said, e.g. accepted, failed, invalid_user, preauth_closed, max_auth_attempts.</param>
/// <param name="Service">sshd, or the PAM service of another login failure (login, vsftpd …).</param>
/// <param name="SourceHost">The client's name where sshd logged one (UseDNS).</param>
public sealed record LoginItem(
    DateTimeOffset Time, string Host, string? User, string? SourceIp, int? SourcePort, string? SourceHost, string? Method, string Outcome,
    bool InvalidUser, string? KeyType, string? KeyFingerprint, string Detail, string Service, int? SshdPid, long RawId);
