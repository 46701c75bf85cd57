using Audit.Domain.Events;

namespace Audit.Domain.Auditd;

/// <summary>The typed events other tables want from auditd: sudo uses (USER_CMD) and LOGIN.</summary>
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
