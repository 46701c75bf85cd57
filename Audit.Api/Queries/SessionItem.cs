namespace Audit.Api.Queries;

/// <summary>
/// An SSH login reconstructed: who logged in to which host, from where, how, when it ended (null while
/// no end was seen). <c>auditSession</c> is auditd's ses for it (from the LOGIN record of the sshd
/// process), which ties in everything done inside — also as root after sudo.
/// </summary>
/// <param name="Id">The session's id for <c>/sessions/{id}</c> (opaque).</param>
public sealed record SessionItem(
    string Id, string Host, string? User, string? SourceIp, int? SourcePort, string? Method, DateTimeOffset Start, DateTimeOffset? End,
    int? SshdPid, long? AuditSession, long? LoginUid);
