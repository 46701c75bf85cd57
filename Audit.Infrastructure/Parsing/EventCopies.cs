using Audit.Domain.Events;
using Audit.Infrastructure.Database;
using Npgsql;

namespace Audit.Infrastructure.Parsing;

/// <summary>Binary COPY of each normalized table's rows (see <see cref="Tables"/>).</summary>
public static class EventCopies
{
    /// <summary>One COPY per table, in the order the tables were always written.</summary>
    public static async Task WriteAsync(NpgsqlConnection conn, ParsedRows rows, CancellationToken ct)
    {
        await TableCopy.CopyAsync(conn, Tables.Commands, rows.Commands, Command, ct);
        await TableCopy.CopyAsync(conn, Tables.ShellArtefacts, rows.Artefacts, Artefact, ct);
        await TableCopy.CopyAsync(conn, Tables.Logins, rows.Logins, Login, ct);
        await TableCopy.CopyAsync(conn, Tables.SessionEvents, rows.Sessions, Session, ct);
        await TableCopy.CopyAsync(conn, Tables.SudoEvents, rows.Sudo, Sudo, ct);
        await TableCopy.CopyAsync(conn, Tables.SuEvents, rows.Su, Su, ct);
        await TableCopy.CopyAsync(conn, Tables.AccountChanges, rows.AccountChanges, Account, ct);
        await TableCopy.CopyAsync(conn, Tables.AppEvents, rows.AppEvents, App, ct);
        await AuditCopies.WriteAsync(conn, rows.AuditEvents, ct);
        await TableCopy.CopyAsync(conn, Tables.UnparsedLines, rows.Unparsed, Unparsed, ct);
    }

    // One row writer per table: the values in the order of its columns (see Tables).
    private static async Task Command(TableCopy w, (StoredLine Line, ShellCommand Event) r, CancellationToken ct)
    {
        var (line, c) = r;
        await w.Time(c.OccurredAt, ct); await w.Long(line.Id, ct); await w.Key(c.Host, ct); await w.Key(c.LoginUser ?? c.User, ct);
        await w.Text(c.User, ct); await w.Text(c.Command, ct); await w.Int(c.ExitCode, ct); await w.Int(c.ShellPid, ct);
        await w.Int(c.HistoryNumber, ct); await w.Text(c.Shell, ct); await w.Text(line.Source, ct);
        await w.Json(KeyText.LongValues("host", c.Host, "login_user", c.LoginUser ?? c.User), ct); await w.Text(c.RelayHost, ct);
    }

    private static async Task Artefact(TableCopy w, (StoredLine Line, ShellCommand Event, string Reason) r, CancellationToken ct)
    {
        var (line, c, reason) = r;
        await w.Time(c.OccurredAt, ct); await w.Long(line.Id, ct); await w.Key(c.Host, ct); await w.Text(c.LoginUser ?? c.User, ct);
        await w.Text(c.User, ct); await w.Text(c.Command, ct); await w.Int(c.ShellPid, ct); await w.Int(c.HistoryNumber, ct);
        await w.Text(c.Shell, ct); await w.Text(line.Source, ct); await w.Text(reason, ct);
    }

    private static async Task Login(TableCopy w, (long RawId, SshLogin Event) r, CancellationToken ct)
    {
        var (rawId, l) = r;
        await w.Time(l.OccurredAt, ct); await w.Long(rawId, ct); await w.Key(l.Host, ct); await w.Key(l.User, ct); await w.Key(l.SourceIp, ct);
        await w.Int(l.SourcePort, ct); await w.Text(l.Method, ct); await w.Text(OutcomeText(l.Outcome), ct);
        await w.Bool(l.InvalidUser, ct); await w.Text(l.KeyType, ct); await w.Text(l.KeyFingerprint, ct); await w.Text(l.Detail, ct); await w.Int(l.SshdPid, ct);
        await w.Text(l.Service, ct); await w.Text(l.SourceHost, ct);
        await w.Json(KeyText.LongValues("host", l.Host, "user_name", l.User, "source_ip", l.SourceIp), ct);
        await w.TextArray(l.Details?.ToArray(), ct); await w.Text(l.RelayHost, ct);
    }

    private static async Task Session(TableCopy w, (StoredLine Line, LoginSessionEvent Event) r, CancellationToken ct)
    {
        var (line, s) = r;
        await w.Time(s.OccurredAt, ct); await w.Long(line.Id, ct); await w.Key(s.Host, ct); await w.Text(s.Action == SessionAction.Opened ? "opened" : "closed", ct);
        await w.Text(s.Service, ct); await w.Key(s.User, ct); await w.Text(s.ByUser, ct); await w.Int(s.Uid, ct); await w.Int(s.Pid, ct);
        await w.Text(s.SourceIp, ct); await w.Int(s.SourcePort, ct); await w.Int(s.ByUid, ct);
        await w.Json(KeyText.LongValues("host", s.Host, "user_name", s.User), ct); await w.Text(s.RelayHost, ct);
    }

    private static async Task Sudo(TableCopy w, (long RawId, SudoCommand Event) r, CancellationToken ct)
    {
        var (rawId, s) = r;
        await w.Time(s.OccurredAt, ct); await w.Long(rawId, ct); await w.Key(s.Host, ct); await w.Key(s.User, ct); await w.Text(s.RunAs, ct);
        await w.Text(s.RunAsGroup, ct); await w.Text(s.Command, ct); await w.Text(s.Cwd, ct); await w.Text(s.Tty, ct);
        await w.Text(s.Outcome == SudoOutcome.Allowed ? "allowed" : "denied", ct); await w.Text(s.Reason, ct); await w.Int(s.IncorrectAttempts, ct);
        await w.Text(s.Origin, ct); await w.Int(s.Pid, ct); await w.Key(s.LoginUser, ct); await w.Long(s.LoginUid, ct); await w.Long(s.Session, ct);
        await w.Text(SudoCommandKey.Of(s.Command), ct);
        await w.Json(KeyText.LongValues("host", s.Host, "user_name", s.User, "login_user", s.LoginUser), ct); await w.Text(s.RelayHost, ct);
    }

    private static async Task Su(TableCopy w, (StoredLine Line, SuSwitch Event) r, CancellationToken ct)
    {
        var (line, s) = r;
        await w.Time(s.OccurredAt, ct); await w.Long(line.Id, ct); await w.Key(s.Host, ct); await w.Key(s.User, ct); await w.Text(s.Target, ct);
        await w.Bool(s.Success, ct); await w.Text(s.Tty, ct); await w.Int(s.Pid, ct);
        await w.Json(KeyText.LongValues("host", s.Host, "user_name", s.User), ct); await w.Text(s.RelayHost, ct);
    }

    private static async Task Account(TableCopy w, (long RawId, AccountChange Event) r, CancellationToken ct)
    {
        var (rawId, a) = r;
        await w.Time(a.OccurredAt, ct); await w.Long(rawId, ct); await w.Key(a.Host, ct); await w.Text(a.Action, ct); await w.Key(a.Target, ct);
        await w.Text(a.Group, ct); await w.Key(a.Actor, ct); await w.Long(a.Uid, ct); await w.Long(a.Gid, ct); await w.Text(a.Home, ct);
        await w.Text(a.Shell, ct); await w.Text(a.Detail, ct); await w.Text(a.Program, ct); await w.Bool(a.Success, ct);
        await w.Json(KeyText.LongValues("host", a.Host, "target", a.Target, "actor", a.Actor), ct); await w.Text(a.RelayHost, ct);
        await w.Text(a.Origin, ct); await w.Int(a.Pid, ct); await w.Text(a.LoginUser, ct); await w.Long(a.LoginUid, ct); await w.Long(a.Session, ct);
    }

    private static async Task App(TableCopy w, (StoredLine Line, AppEvent Event) r, CancellationToken ct)
    {
        var (line, a) = r;
        await w.Time(a.OccurredAt, ct); await w.Long(line.Id, ct); await w.Key(a.Host, ct); await w.Key(a.Actor, ct); await w.Text(a.Action, ct);
        await w.Text(a.Resource, ct); await w.Text(a.Outcome, ct); await w.Text(a.SourceIp, ct); await w.Text(a.Service, ct);
        await w.Json(a.BeforeJson, ct); await w.Json(a.AfterJson, ct); await w.Json(a.ExtraJson, ct);
        await w.Json(KeyText.LongValues("host", a.Host, "actor", a.Actor), ct);
    }

    private static async Task Unparsed(TableCopy w, (StoredLine Line, string Reason) r, CancellationToken ct)
    {
        var (line, reason) = r;
        await w.Date(line.ReceivedOn, ct); await w.Long(line.Id, ct); await w.Time(line.ReceivedAt, ct); await w.Text(line.Host, ct);
        await w.Text(line.Source, ct); await w.Text(reason, ct);
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
