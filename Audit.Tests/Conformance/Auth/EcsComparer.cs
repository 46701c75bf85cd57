using Audit.Domain.Auth;
using Audit.Domain.Events;
using Audit.Domain.Parsing;
using Audit.Domain.Syslog;

namespace Audit.Tests.Conformance.Auth;

/// <summary>
/// Compares our parse of one auth.log line with Elastic's expected ECS document, field by field, for
/// every field we model (header, user, source, outcome, ssh, sudo, account fields).
/// </summary>
internal static class EcsComparer
{
    public delegate string? Explainer(string field, string? expected, string? actual);

    public static void Compare(AgreementTally tally, string where, EcsDocument doc, ParseResult result, SyslogHeader? header, string message, Explainer explain)
    {
        void Field(string field, string path, object? actual)
        {
            var expected = doc.Get(path);
            if (expected is null) return;
            var actualText = actual?.ToString();
            tally.Compare(where, field, expected, actual, () => explain(field, expected, actualText));
        }

        var e = result.Event;
        if (header is { } h)
        {
            if (EcsDocument.Instant(doc.Get("@timestamp")) is { } expectedTime)
            {
                tally.Compare(where, "@timestamp", expectedTime, e?.OccurredAt ?? h.Timestamp, () => explain("@timestamp", expectedTime.ToString("O"), (e?.OccurredAt ?? h.Timestamp).ToString("O")));
            }

            Field("host.hostname", "host.hostname", h.Host);
            Field("host.hostname", "system.auth.hostname", h.Host);
            Field("process.name", "process.name", h.Program);
            Field("process.pid", "process.pid", h.Pid);
            Field("process.pid", "system.auth.pid", h.Pid);
        }

        Field("message", "message", message);
        Field("event.action", "event.action", ElasticAction(result));
        if (!doc.Has("event.action") && doc.GetList("event.type") is { Count: > 0 } types && (types.Contains("user") || types.Contains("group")))
        {
            var kind = types.Contains("group") ? "group" : "user";
            var verb = types.Contains("creation") ? "created" : types.Contains("deletion") ? "deleted" : "modified";
            tally.Compare(where, "event.type", $"{kind}_{verb}", (e as AccountChange)?.Action, () => explain("event.type", $"{kind}_{verb}", (e as AccountChange)?.Action));
        }

        Field("event.outcome", "event.outcome", Outcome(e));
        Field("user.name", "user.name", UserName(e));
        Field("user.name", "system.auth.user", UserName(e));
        Field("user.target.name", "user.target.name", (e as AccountChange)?.Target);
        Field("source.ip", "source.ip", (e as SshLogin)?.SourceIp);
        Field("source.ip", "system.auth.ssh.ip", (e as SshLogin)?.SourceIp);
        Field("source.ip", "system.auth.ssh.dropped_ip", (e as SshLogin)?.SourceIp);
        Field("source.address", "source.address", (e as SshLogin) is { } l ? l.SourceIp ?? l.SourceHost : null);
        Field("source.port", "source.port", (e as SshLogin)?.SourcePort);
        Field("source.port", "system.auth.ssh.port", (e as SshLogin)?.SourcePort);
        Field("ssh.event", "system.auth.ssh.event", SshEvent(e as SshLogin));
        Field("ssh.method", "system.auth.ssh.method", (e as SshLogin)?.Method);
        Field("ssh.signature", "system.auth.ssh.signature", (e as SshLogin) is { KeyType: not null } k ? $"{k.KeyType} {k.KeyFingerprint}" : null);

        var sudo = e as SudoCommand;
        Field("sudo.command", "system.auth.sudo.command", sudo?.Command);
        Field("sudo.pwd", "system.auth.sudo.pwd", sudo?.Cwd);
        Field("sudo.tty", "system.auth.sudo.tty", sudo?.Tty);
        Field("sudo.user", "system.auth.sudo.user", sudo?.RunAs);
        Field("sudo.error", "system.auth.sudo.error", SudoError(sudo));
        Field("user.effective.name", "user.effective.name", sudo?.RunAs);

        var account = e as AccountChange;
        var isGroup = account?.Action is AccountAction.GroupCreated or AccountAction.GroupDeleted or AccountAction.GroupModified;
        Field("group.name", "group.name", isGroup ? account!.Target : account?.Group);
        Field("group.id", "group.id", account?.Gid);
        Field("group.name", "system.auth.groupadd.name", account?.Target);
        Field("group.id", "system.auth.groupadd.gid", account?.Gid);
        Field("user.name", "system.auth.useradd.name", account?.Target);
        Field("user.id", "system.auth.useradd.uid", account?.Uid);
        Field("group.id", "system.auth.useradd.gid", account?.Gid);
        Field("useradd.home", "system.auth.useradd.home", account?.Home);
        Field("useradd.shell", "system.auth.useradd.shell", account?.Shell);
        if (doc.Get("input.type") != "journald") Field("user.id", "user.id", account?.Uid);
    }

    /// <summary>The ECS <c>event.action</c> our event stands for.</summary>
    private static string? ElasticAction(ParseResult result) => result.Event switch
    {
        SshLogin { Detail: SshDetail.PamFailure } => "authentication_failure",
        SshLogin => "ssh_login",
        SudoCommand { Reason: "authentication failure" } => "authentication_failure",
        SuSwitch { Success: false } => "authentication_failure",
        AccountChange { Action: AccountAction.PasswordChanged, Success: false } => "authentication_failure",
        AccountChange a => a.Action switch
        {
            AccountAction.GroupCreated => "group-added",
            AccountAction.GroupDeleted => "group-deleted",
            AccountAction.MemberAdded => "group-member-added",
            AccountAction.MemberRemoved => "group-member-removed",
            AccountAction.PasswordChanged => "password-changed",
            _ => a.Action,
        },
        null => result.Status.ToString().ToLowerInvariant(),
        _ => null,
    };

    private static string? Outcome(AuditEvent? e) => e switch
    {
        SshLogin l => l.Outcome == LoginOutcome.Success ? "success" : "failure",
        AccountChange a => a.Success ? "success" : "failure",
        SudoCommand s => s.Outcome == SudoOutcome.Allowed ? "success" : "failure",
        SuSwitch s => s.Success ? "success" : "failure",
        _ => null,
    };

    private static string? UserName(AuditEvent? e) => e switch
    {
        SshLogin l => l.User,
        SudoCommand s => s.User,
        AccountChange a => a.Target,
        LoginSessionEvent s => s.User,
        SuSwitch s => s.User,
        _ => null,
    };

    private static string? SshEvent(SshLogin? l) => l?.Detail switch
    {
        SshDetail.Accepted => "Accepted",
        SshDetail.Failed => "Failed",
        SshDetail.InvalidUser => "Invalid",
        null => null,
        var other => other,
    };

    private static string? SudoError(SudoCommand? s) => s?.Reason switch
    {
        "not in sudoers" => "user NOT in sudoers",
        "command not allowed" => "command not allowed",
        "incorrect password" => $"{s.IncorrectAttempts} incorrect password attempts",
        var other => other,
    };
}
