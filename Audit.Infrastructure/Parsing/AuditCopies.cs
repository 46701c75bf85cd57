using System.Text.Json;
using Audit.Domain.Auditd;
using Audit.Domain.Events;
using Audit.Infrastructure.Database;
using Npgsql;

namespace Audit.Infrastructure.Parsing;

/// <summary>Binary COPY of assembled auditd events into audit_events, executions and audit_logins.</summary>
public static class AuditCopies
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>An event's row key: the line of its first record.</summary>
    public static long RawIdOf(AssembledAuditEvent e) => e.RawLineIds.Count == 0 ? 0 : e.RawLineIds.Min();

    /// <summary>argv as one searchable line (what a person typed, near enough); the exe when there is no argv.</summary>
    public static string CommandLine(AssembledAuditEvent e) =>
        e.Argv is { Count: > 0 } argv ? string.Join(' ', argv) : e.Proctitle ?? e.Exe ?? e.Comm ?? "";

    /// <summary>
    /// The kernel writes a terminal as <c>pts0</c>; sudo, su, sshd and auth.log as <c>pts/0</c>. The
    /// columns use the latter so one filter finds both (the raw spelling stays in <c>fields</c>).
    /// </summary>
    public static string? Tty(string? tty) =>
        tty is { Length: > 3 } t && t.StartsWith("pts", StringComparison.Ordinal) && t[3] != '/' && char.IsAsciiDigit(t[3]) ? "pts/" + t[3..] : tty;

    public static async Task WriteAsync(NpgsqlConnection conn, List<AssembledAuditEvent> events, CancellationToken ct)
    {
        if (events.Count == 0) return;
        await TableCopy.CopyAsync(conn, Tables.AuditEvents, events, static async (w, e, ct) =>
        {
            await w.Time(e.OccurredAt, ct); await w.Long(RawIdOf(e), ct); await w.Long(e.Serial, ct); await w.Key(e.Host, ct); await w.Text(e.Node, ct);
            await w.Text(e.EventId, ct); await w.Key(e.Type, ct); await w.TextArray([.. e.RecordTypes], ct); await w.Text(e.Arch, ct); await w.Text(e.Syscall, ct);
            await w.Int(e.SyscallNumber, ct); await w.Bool(e.Success, ct); await w.Long(e.Exit, ct); await w.Text(e.ExitErrno, ct);
            await w.Long(e.Auid, ct); await w.Long(e.Uid, ct); await w.Long(e.Euid, ct); await w.Long(e.Gid, ct); await w.Long(e.Egid, ct);
            await w.Key(e.LoginUser, ct); await w.Text(e.User, ct); await w.Text(e.EffectiveUser, ct); await w.Long(e.Session, ct);
            await w.Int(e.Pid, ct); await w.Int(e.Ppid, ct); await w.Text(e.Comm, ct); await w.Text(e.Exe, ct); await w.Key(e.Key, ct);
            await w.TextArray(e.Keys.Count == 0 ? null : [.. e.Keys], ct); await w.Text(Tty(e.Tty), ct); await w.Text(e.Cwd, ct);
            await w.TextArray(e.Argv is null ? null : [.. e.Argv], ct); await w.Text(e.Proctitle, ct);
            await w.Json(e.Paths.Count == 0 ? null : JsonSerializer.Serialize(e.Paths, Json), ct);
            await w.Json(e.Sockaddr is null ? null : JsonSerializer.Serialize(e.Sockaddr, Json), ct);
            await w.Text(e.Op, ct); await w.Text(e.Acct, ct); await w.Text(e.Addr, ct); await w.Text(e.Terminal, ct); await w.Text(e.Result, ct);
            await w.Text(e.Command, ct); await w.Bool(e.IsExecution, ct); await w.Json(JsonSerializer.Serialize(e.Fields, Json), ct);
            await w.LongArray([.. e.RawLineIds], ct); await w.TextArray(e.Anomalies.Count == 0 ? null : [.. e.Anomalies], ct);
            await w.Json(KeyText.LongValues("host", e.Host, "login_user", e.LoginUser, "type", e.Type, "key", e.Key), ct);
        }, ct);

        await TableCopy.CopyAsync(conn, Tables.Executions, events.Where(e => e.IsExecution).ToList(), static async (w, e, ct) =>
        {
            await w.Time(e.OccurredAt, ct); await w.Long(RawIdOf(e), ct); await w.Long(e.Serial, ct); await w.Key(e.Host, ct);
            await w.Key(e.LoginUser, ct); await w.Long(e.Auid, ct); await w.Text(e.User, ct); await w.Long(e.Uid, ct); await w.Text(e.EffectiveUser, ct);
            await w.Long(e.Euid, ct); await w.Long(e.Session, ct); await w.Int(e.Pid, ct); await w.Int(e.Ppid, ct); await w.Text(e.Exe, ct); await w.Text(e.Comm, ct);
            await w.TextArray(e.Argv is null ? null : [.. e.Argv], ct); await w.Text(CommandLine(e), ct); await w.Text(e.Cwd, ct); await w.Text(Tty(e.Tty), ct);
            await w.Text(e.Key, ct); await w.Bool(e.Success, ct);
            await w.Json(KeyText.LongValues("host", e.Host, "login_user", e.LoginUser), ct);
        }, ct);

        await TableCopy.CopyAsync(conn, Tables.AuditLogins, events.Where(e => e.Login is not null).ToList(), static async (w, e, ct) =>
        {
            var l = e.Login!;
            await w.Time(e.OccurredAt, ct); await w.Long(RawIdOf(e), ct); await w.Long(e.Serial, ct); await w.Key(e.Host, ct); await w.Int(l.Pid, ct);
            await w.Long(l.Uid, ct); await w.Long(l.OldAuid, ct); await w.Long(l.Auid, ct); await w.Long(l.OldSession, ct); await w.Long(l.Session, ct);
            await w.Text(l.Tty, ct); await w.Bool(l.Success, ct); await w.Text(l.LoginUser, ct);
            await w.Json(KeyText.LongValues("host", e.Host), ct);
        }, ct);
    }
}
