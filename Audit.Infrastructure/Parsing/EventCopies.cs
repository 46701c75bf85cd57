using Audit.Domain.Events;
using Npgsql;

namespace Audit.Infrastructure.Parsing;

/// <summary>Binary COPY of each normalized table's rows (column order as in the migrations).</summary>
public static class EventCopies
{
    public static async Task WriteAsync(NpgsqlConnection conn, ParsedRows rows, CancellationToken ct)
    {
        await CopyValues.CopyAsync(conn, "COPY commands (occurred_at, raw_id, host, login_user, run_as, command, exit_code, shell_pid, history_no, shell, source, relay_host, long_values) FROM STDIN (FORMAT BINARY)",
            rows.Commands, static async (w, r, ct) =>
            {
                var (line, c) = r;
                await w.Time(c.OccurredAt, ct); await w.Long(line.Id, ct); await w.Key(c.Host, ct); await w.Key(c.LoginUser ?? c.User, ct);
                await w.Text(c.User, ct); await w.Text(c.Command, ct); await w.Int(c.ExitCode, ct); await w.Int(c.ShellPid, ct);
                await w.Int(c.HistoryNumber, ct); await w.Text(c.Shell, ct); await w.Text(line.Source, ct); await w.Text(c.RelayHost, ct);
                await w.Json(KeyText.LongValues("host", c.Host, "login_user", c.LoginUser ?? c.User), ct);
            }, ct);

        await CopyValues.CopyAsync(conn, "COPY shell_artefacts (occurred_at, raw_id, host, login_user, run_as, command, shell_pid, history_no, shell, source, reason) FROM STDIN (FORMAT BINARY)",
            rows.Artefacts, static async (w, r, ct) =>
            {
                var (line, c, reason) = r;
                await w.Time(c.OccurredAt, ct); await w.Long(line.Id, ct); await w.Key(c.Host, ct); await w.Text(c.LoginUser ?? c.User, ct);
                await w.Text(c.User, ct); await w.Text(c.Command, ct); await w.Int(c.ShellPid, ct); await w.Int(c.HistoryNumber, ct);
                await w.Text(c.Shell, ct); await w.Text(line.Source, ct); await w.Text(reason, ct);
            }, ct);

        await CopyValues.CopyAsync(conn, "COPY logins (occurred_at, raw_id, host, user_name, source_ip, source_port, method, outcome, invalid_user, key_type, key_fingerprint, detail, sshd_pid, service, source_host, details, relay_host, long_values) FROM STDIN (FORMAT BINARY)",
            rows.Logins, static async (w, r, ct) =>
            {
                var (rawId, l) = r;
                await w.Time(l.OccurredAt, ct); await w.Long(rawId, ct); await w.Key(l.Host, ct); await w.Key(l.User, ct); await w.Key(l.SourceIp, ct);
                await w.Int(l.SourcePort, ct); await w.Text(l.Method, ct); await w.Text(OutcomeText(l.Outcome), ct);
                await w.Bool(l.InvalidUser, ct); await w.Text(l.KeyType, ct); await w.Text(l.KeyFingerprint, ct); await w.Text(l.Detail, ct); await w.Int(l.SshdPid, ct);
                await w.Text(l.Service, ct); await w.Text(l.SourceHost, ct); await w.TextArray(l.Details?.ToArray(), ct); await w.Text(l.RelayHost, ct);
                await w.Json(KeyText.LongValues("host", l.Host, "user_name", l.User, "source_ip", l.SourceIp), ct);
            }, ct);

        await CopyValues.CopyAsync(conn, "COPY session_events (occurred_at, raw_id, host, action, service, user_name, by_user, uid, pid, source_ip, source_port, by_uid, relay_host, long_values) FROM STDIN (FORMAT BINARY)",
            rows.Sessions, static async (w, r, ct) =>
            {
                var (line, s) = r;
                await w.Time(s.OccurredAt, ct); await w.Long(line.Id, ct); await w.Key(s.Host, ct); await w.Text(s.Action == SessionAction.Opened ? "opened" : "closed", ct);
                await w.Text(s.Service, ct); await w.Key(s.User, ct); await w.Text(s.ByUser, ct); await w.Int(s.Uid, ct); await w.Int(s.Pid, ct);
                await w.Text(s.SourceIp, ct); await w.Int(s.SourcePort, ct); await w.Int(s.ByUid, ct); await w.Text(s.RelayHost, ct);
                await w.Json(KeyText.LongValues("host", s.Host, "user_name", s.User), ct);
            }, ct);

        await CopyValues.CopyAsync(conn, "COPY sudo_events (occurred_at, raw_id, host, user_name, run_as, run_as_group, command, cwd, tty, outcome, reason, incorrect_attempts, origin, pid, login_user, login_uid, session, command_key, relay_host, long_values) FROM STDIN (FORMAT BINARY)",
            rows.Sudo, static async (w, r, ct) =>
            {
                var (rawId, s) = r;
                await w.Time(s.OccurredAt, ct); await w.Long(rawId, ct); await w.Key(s.Host, ct); await w.Key(s.User, ct); await w.Text(s.RunAs, ct);
                await w.Text(s.RunAsGroup, ct); await w.Text(s.Command, ct); await w.Text(s.Cwd, ct); await w.Text(s.Tty, ct);
                await w.Text(s.Outcome == SudoOutcome.Allowed ? "allowed" : "denied", ct); await w.Text(s.Reason, ct); await w.Int(s.IncorrectAttempts, ct);
                await w.Text(s.Origin, ct); await w.Int(s.Pid, ct); await w.Key(s.LoginUser, ct); await w.Long(s.LoginUid, ct); await w.Long(s.Session, ct);
                await w.Text(SudoCommandKey.Of(s.Command), ct); await w.Text(s.RelayHost, ct);
                await w.Json(KeyText.LongValues("host", s.Host, "user_name", s.User, "login_user", s.LoginUser), ct);
            }, ct);

        await CopyValues.CopyAsync(conn, "COPY su_events (occurred_at, raw_id, host, user_name, target, success, tty, pid, relay_host, long_values) FROM STDIN (FORMAT BINARY)",
            rows.Su, static async (w, r, ct) =>
            {
                var (line, s) = r;
                await w.Time(s.OccurredAt, ct); await w.Long(line.Id, ct); await w.Key(s.Host, ct); await w.Key(s.User, ct); await w.Text(s.Target, ct);
                await w.Bool(s.Success, ct); await w.Text(s.Tty, ct); await w.Int(s.Pid, ct); await w.Text(s.RelayHost, ct);
                await w.Json(KeyText.LongValues("host", s.Host, "user_name", s.User), ct);
            }, ct);

        await CopyValues.CopyAsync(conn, "COPY account_changes (occurred_at, raw_id, host, action, target, group_name, actor, uid, gid, home, shell, detail, program, success, pid, origin, login_user, login_uid, session, relay_host, long_values) FROM STDIN (FORMAT BINARY)",
            rows.AccountChanges, static async (w, r, ct) =>
            {
                var (rawId, a) = r;
                await w.Time(a.OccurredAt, ct); await w.Long(rawId, ct); await w.Key(a.Host, ct); await w.Text(a.Action, ct); await w.Key(a.Target, ct);
                await w.Text(a.Group, ct); await w.Key(a.Actor, ct); await w.Long(a.Uid, ct); await w.Long(a.Gid, ct); await w.Text(a.Home, ct);
                await w.Text(a.Shell, ct); await w.Text(a.Detail, ct); await w.Text(a.Program, ct); await w.Bool(a.Success, ct);
                await w.Int(a.Pid, ct); await w.Text(a.Origin, ct); await w.Text(a.LoginUser, ct); await w.Long(a.LoginUid, ct); await w.Long(a.Session, ct); await w.Text(a.RelayHost, ct);
                await w.Json(KeyText.LongValues("host", a.Host, "target", a.Target, "actor", a.Actor), ct);
            }, ct);

        await CopyValues.CopyAsync(conn, "COPY app_events (occurred_at, raw_id, host, actor, action, resource, outcome, source_ip, service, before, after, extra, long_values) FROM STDIN (FORMAT BINARY)",
            rows.AppEvents, static async (w, r, ct) =>
            {
                var (line, a) = r;
                await w.Time(a.OccurredAt, ct); await w.Long(line.Id, ct); await w.Key(a.Host, ct); await w.Key(a.Actor, ct); await w.Text(a.Action, ct);
                await w.Text(a.Resource, ct); await w.Text(a.Outcome, ct); await w.Text(a.SourceIp, ct); await w.Text(a.Service, ct);
                await w.Json(a.BeforeJson, ct); await w.Json(a.AfterJson, ct); await w.Json(a.ExtraJson, ct);
                await w.Json(KeyText.LongValues("host", a.Host, "actor", a.Actor), ct);
            }, ct);

        await AuditCopies.WriteAsync(conn, rows.AuditEvents, ct);

        await CopyValues.CopyAsync(conn, "COPY unparsed_lines (received_on, raw_id, received_at, host, source, reason) FROM STDIN (FORMAT BINARY)",
            rows.Unparsed, static async (w, r, ct) =>
            {
                var (line, reason) = r;
                await w.Date(line.ReceivedOn, ct); await w.Long(line.Id, ct); await w.Time(line.ReceivedAt, ct); await w.Text(line.Host, ct);
                await w.Text(line.Source, ct); await w.Text(reason, ct);
            }, ct);
    }

    public static string OutcomeText(LoginOutcome outcome) => outcome switch
    {
        LoginOutcome.Success => "success",
        LoginOutcome.ClosedBeforeAttempt => "closed_before_attempt",
        _ => "failure",
    };

    /// <summary>Adds the details later lines told to attempt rows earlier passes wrote (once per pass, outside the bisection of ParsedRowsWriter).</summary>
    public static async Task UpdateLoginsAsync(NpgsqlConnection conn, List<Audit.Domain.Auth.SshAttemptUpdate> updates, CancellationToken ct)
    {
        if (updates.Count == 0) return;
        await using var cmd = new NpgsqlCommand("""
            UPDATE logins l SET details = coalesce(l.details, ARRAY[l.detail]) || string_to_array(u.more, ','), invalid_user = l.invalid_user OR u.invalid
            FROM unnest(@ids::bigint[], @times::timestamptz[], @more::text[], @invalid::boolean[]) AS u(raw_id, occurred_at, more, invalid)
            WHERE l.raw_id = u.raw_id AND l.occurred_at = u.occurred_at
            """, conn);
        cmd.Parameters.AddWithValue("ids", updates.Select(u => u.RawId).ToArray());
        cmd.Parameters.AddWithValue("times", updates.Select(u => u.OccurredAt.ToUniversalTime()).ToArray());
        cmd.Parameters.AddWithValue("more", updates.Select(u => string.Join(',', u.Details)).ToArray());
        cmd.Parameters.AddWithValue("invalid", updates.Select(u => u.InvalidUser).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
