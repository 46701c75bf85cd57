using Audit.Domain.Auth;
using Audit.Domain.Events;

namespace Audit.Domain.Auditd;

/// <summary>The typed events other tables want from auditd: sudo uses (USER_CMD), LOGIN and account changes.</summary>
internal static class AuditDerivedEvents
{
    /// <summary>
    /// sudo's USER_CMD: uid is who ran sudo, auid the login user, cmd the command (hex or quoted).
    /// auditd does not say why a command was refused, so a denied use has no reason.
    /// </summary>
    public static SudoCommand Sudo(AssembledAuditEvent e) => new(
        e.OccurredAt,
        e.Host,
        e.User ?? e.Uid?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown",
        RunAs: null,
        RunAsGroup: null,
        e.Command,
        e.Cwd,
        e.Terminal,
        e.Success == false ? SudoOutcome.Denied : SudoOutcome.Allowed,
        Reason: null,
        IncorrectAttempts: null,
        Origin: "auditd",
        e.Pid,
        e.LoginUser,
        e.Auid,
        e.Session);

    /// <summary>Whether a record type is one shadow-utils or PAM writes for an account change.</summary>
    public static bool IsAccountChange(int? type) =>
        type is AuditRecordTypes.UserMgmt or AuditRecordTypes.UserChauthtok or AuditRecordTypes.AddUser or AuditRecordTypes.DelUser
            or AuditRecordTypes.AddGroup or AuditRecordTypes.DelGroup or AuditRecordTypes.GrpMgmt or AuditRecordTypes.GrpChauthtok;

    /// <summary>
    /// An account change as auditd saw it: the tool's pid (shared with its auth.log line), the person
    /// (auid, which survives sudo) as actor, the account by <c>acct</c> or, as older shadow-utils write
    /// only <c>id=</c>, by that id named from what the host taught. <c>op</c> is kept as detail.
    /// </summary>
    public static AccountChange Account(AssembledAuditEvent e, int type, AuditNameLookup? names)
    {
        var group = type is AuditRecordTypes.AddGroup or AuditRecordTypes.DelGroup or AuditRecordTypes.GrpMgmt or AuditRecordTypes.GrpChauthtok;
        var op = e.Op ?? "";
        var action = type switch
        {
            AuditRecordTypes.AddUser => AccountAction.UserCreated,
            AuditRecordTypes.DelUser => AccountAction.UserDeleted,
            AuditRecordTypes.AddGroup => AccountAction.GroupCreated,
            AuditRecordTypes.DelGroup => AccountAction.GroupDeleted,
            AuditRecordTypes.UserChauthtok or AuditRecordTypes.GrpChauthtok => AccountAction.PasswordChanged,
            AuditRecordTypes.GrpMgmt => AccountAction.GroupModified,
            _ when op.Contains("to group", StringComparison.OrdinalIgnoreCase) || op.Contains("to-group", StringComparison.OrdinalIgnoreCase)
                || op.Contains("to shadow group", StringComparison.OrdinalIgnoreCase) || op.Contains("to-shadow-group", StringComparison.OrdinalIgnoreCase) => AccountAction.MemberAdded,
            _ when op.Contains("from group", StringComparison.OrdinalIgnoreCase) || op.Contains("from-group", StringComparison.OrdinalIgnoreCase)
                || op.Contains("from shadow group", StringComparison.OrdinalIgnoreCase) || op.Contains("from-shadow-group", StringComparison.OrdinalIgnoreCase) => AccountAction.MemberRemoved,
            _ => AccountAction.UserModified,
        };
        var named = e.AccountId is { } id && names is not null ? names(e.Host, group ? AuditIdKind.Group : AuditIdKind.User, id) : null;
        var target = e.Acct ?? named ?? e.AccountId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";
        var program = e.Exe is { Length: > 0 } exe ? exe[(exe.LastIndexOf('/') + 1)..] : e.Comm ?? "auditd";
        return new AccountChange(
            e.OccurredAt,
            e.Host,
            action,
            target,
            Group: null,
            Actor: e.LoginUser,
            Uid: group ? null : e.AccountId,
            Gid: group ? e.AccountId : null,
            Home: null,
            Shell: null,
            Detail: op.Length > 0 ? op : null,
            program,
            e.Success != false,
            e.Pid,
            Origin: "auditd",
            e.LoginUser,
            e.Auid,
            e.Session);
    }

    public static AuditLogin Login(AuditRecord r, AuditNameLookup? names)
    {
        var facts = new AuditEventFacts();
        facts.Read(r);
        var auid = facts.Auid.Id;
        return new AuditLogin(
            r.OccurredAt,
            r.Host,
            r.Serial,
            facts.Pid.Int,
            facts.Uid.Id,
            AuditFieldRef.IdOf(r.Get("old-auid")),
            auid,
            AuditFieldRef.IdOf(r.Get("old-ses")),
            facts.Ses.Id,
            AuditEventFacts.Present(facts.Tty),
            facts.Outcome(),
            AuditEventFacts.Name(facts.AuidName, facts.Auid, auid, r.Host, AuditIdKind.User, names));
    }
}
