using Audit.Domain.Events;
using Audit.Domain.Syslog;

namespace Audit.Domain.Auth;

/// <summary>
/// What every auth.log parser needs besides the message: when, on which host, which program and
/// pid wrote it, and the event-building shortcuts that fill those in.
/// </summary>
public readonly record struct AuthLine(DateTimeOffset Time, string Host, string Program, int? Pid)
{
    public static AuthLine From(in SyslogHeader header, string fallbackHost) =>
        new(header.Timestamp, header.Host.Length > 0 ? header.Host : fallbackHost, header.Program, header.Pid);

    internal SshLogin Login(
        string detail,
        LoginOutcome outcome,
        string? user,
        in SshPeer peer,
        string? method = null,
        bool invalidUser = false,
        string? keyType = null,
        string? fingerprint = null,
        string service = "sshd") =>
        new(Time, Host, user, peer.Ip, peer.Port, method, outcome, invalidUser, keyType, fingerprint, detail, Pid, peer.HostName, service);

    internal LoginSessionEvent Session(SessionAction action, string service, string? user, string? byUser = null, int? uid = null, int? byUid = null, in SshPeer peer = default) =>
        new(Time, Host, action, service, user, byUser, uid, Pid, peer.Ip, peer.Port, byUid);

    internal AccountChange Account(
        string action,
        string target,
        string? group = null,
        string? detail = null,
        bool success = true,
        string? actor = null,
        long? uid = null,
        long? gid = null,
        string? home = null,
        string? shell = null) =>
        new(Time, Host, action, target, group, actor, uid, gid, home, shell, detail, Program, success, Pid);
}
