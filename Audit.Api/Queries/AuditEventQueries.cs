using Audit.Infrastructure.Database;

namespace Audit.Api.Queries;

public static class AuditEventQueries
{
    public static readonly string[] Columns =
        ["time", "host", "serial", "eventId", "type", "recordTypes", "syscall", "success", "exit", "exitErrno", "loginUser", "user", "effectiveUser", "session",
         "pid", "ppid", "comm", "exe", "key", "tty", "cwd", "argv", "paths", "account", "address", "terminal", "result", "command", "fields", "rawId"];

    public static IQueryable<AuditEventRow> Filter(AuditDbContext db, AuditEventQuery q, DateTimeOffset from, DateTimeOffset to)
    {
        var rows = db.AuditEvents.Where(e => e.OccurredAt >= from && e.OccurredAt <= to);
        if (!string.IsNullOrEmpty(q.Host)) rows = rows.Where(e => e.Host == q.Host);
        if (!string.IsNullOrEmpty(q.User)) rows = rows.Where(e => e.LoginUser == q.User);
        if (!string.IsNullOrEmpty(q.Type)) rows = rows.Where(e => e.Type == q.Type);
        if (!string.IsNullOrEmpty(q.Key)) rows = rows.Where(e => e.Key == q.Key);
        if (q.Session is { } ses) rows = rows.Where(e => e.Session == ses);
        return rows;
    }

    public static AuditEventItem ToItem(AuditEventRow e) =>
        new(e.OccurredAt, e.Host, e.Serial, e.EventId, e.Type, e.RecordTypes, e.Syscall, e.Success, e.Exit, e.ExitErrno, e.LoginUser, e.UserName, e.EffectiveUser,
            e.Session, e.Pid, e.Ppid, e.Comm, e.Exe, e.Key, e.Tty, e.Cwd, e.Argv, e.Paths?.RootElement.Clone(), e.Acct, e.Addr, e.Terminal, e.Result, e.Command,
            e.Fields.RootElement.Clone(), e.RawId);

    public static object?[] Values(AuditEventItem e) =>
        [e.Time, e.Host, e.Serial, e.EventId, e.Type, e.RecordTypes, e.Syscall, e.Success, e.Exit, e.ExitErrno, e.LoginUser, e.User, e.EffectiveUser, e.Session,
         e.Pid, e.Ppid, e.Comm, e.Exe, e.Key, e.Tty, e.Cwd, e.Argv, e.Paths?.GetRawText(), e.Account, e.Address, e.Terminal, e.Result, e.Command, e.Fields.GetRawText(), e.RawId];
}
