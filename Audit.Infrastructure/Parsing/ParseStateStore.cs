using Audit.Domain.Bash;
using Npgsql;

namespace Audit.Infrastructure.Parsing;

/// <summary>
/// State that outlives one parse transaction, read and written inside it: what is known of
/// each interactive shell and each shell user's recent commands (for PROMPT_COMMAND artefacts),
/// auditd records waiting for the rest of their event, and sshd connections (attempts and waiting lines).
/// </summary>
public sealed class ParseStateStore(AuditAssemblyStage audit, SshConnectionStage ssh)
{
    /// <summary>
    /// The stages of a live pass, in order: shell artefacts demoted to noise (and the shells' state
    /// saved), this pass's auditd records assembled with the waiting ones (quiet ones flushed), this
    /// pass's sshd lines merged with the held ones into attempt rows. With no lines, only the waiting
    /// events whose quiet window has passed come out.
    /// </summary>
    public async Task ApplyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ParsedRows rows, CancellationToken ct)
    {
        await ApplyBashArtefactsAsync(conn, tx, rows, ct);
        await audit.ApplyAsync(conn, tx, rows, ct);
        await ssh.ApplyAsync(conn, tx, rows, ct);
    }

    /// <summary>
    /// For a reparse: the same stages judged from the reparsed lines alone, live state neither read
    /// nor saved (see <see cref="ApplyBashArtefactsDetached"/> and AuditAssemblyStage).
    /// </summary>
    public async Task ApplyDetachedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ParsedRows rows, CancellationToken ct)
    {
        ApplyBashArtefactsDetached(rows);
        SshConnectionStage.ApplyDetached(rows);
        await audit.AssembleDetachedAsync(conn, tx, rows, ct);
    }

    /// <summary>Demotes shell artefacts in <paramref name="rows"/> to noise and saves the new state.</summary>
    private async Task ApplyBashArtefactsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ParsedRows rows, CancellationToken ct)
    {
        if (rows.BashLines.Count == 0) return;
        var shellKeys = rows.BashLines.Select(b => (b.Event.Host, Pid: b.Event.ShellPid!.Value)).Distinct().ToList();
        var userKeys = rows.BashLines.Select(b => (b.Event.Host, b.Event.User)).Distinct().ToList();
        var shells = await LoadShellsAsync(conn, tx, shellKeys, ct);
        var recent = await LoadRecentAsync(conn, tx, userKeys, ct);
        var starts = await LoadStartsAsync(conn, tx, rows, shells, ct);
        var shellsBefore = new Dictionary<(string, int), ShellState>(shells);
        var recentBefore = recent.ToDictionary(r => r.Key, r => string.Join('\u001f', r.Value));

        // The pass holds its hosts' locks (HostOrderLocks), so no other pass judges these shells now.
        // Unchanged state is not written back.
        DemoteArtefacts(rows, shells, recent, starts);
        var changedShells = shellKeys.Where(k => !shellsBefore.TryGetValue(k, out var old) || Moved(old, shells[k])).Select(k => (k, shells[k])).ToList();
        var changedRecent = userKeys.Where(k => !recentBefore.TryGetValue(k, out var old) || old != string.Join('\u001f', recent[k])).Select(k => (k, recent[k])).ToList();
        await SaveAsync(conn, tx, changedShells, changedRecent, ct);
    }

    /// <summary>A shell's state is worth writing when its history number changed or it was seen a good while later.</summary>
    private static bool Moved(ShellState before, ShellState after) =>
        before.LastHistoryNumber != after.LastHistoryNumber || after.LastSeen - before.LastSeen > TimeSpan.FromHours(1);

    /// <summary>
    /// For a reparse: artefacts judged from the reparsed lines alone, nothing read or saved — the
    /// shells' state has moved on since, and judging old lines by it would list first prompts as commands.
    /// </summary>
    private static void ApplyBashArtefactsDetached(ParsedRows rows) => DemoteArtefacts(rows, [], [], []);

    private static void DemoteArtefacts(
        ParsedRows rows, Dictionary<(string, int), ShellState> shells, Dictionary<(string, string), List<string>> recent, Dictionary<(string, int), ShellStart> starts)
    {
        var artefacts = new HashSet<long>();
        foreach (var (line, command) in rows.BashLines)
        {
            var shellKey = (command.Host, command.ShellPid!.Value);
            var userKey = (command.Host, command.User);
            var shell = shells.GetValueOrDefault(shellKey);
            var commands = recent.TryGetValue(userKey, out var list) ? list : recent[userKey] = [];
            if (BashArtefactFilter.ArtefactReason(command, shell, commands, starts.GetValueOrDefault(shellKey)) is { } reason)
            {
                if (command.Command.Length > 0) artefacts.Add(line.Id);
                rows.Artefacts.Add((line, command, reason));
            }

            shells[shellKey] = BashArtefactFilter.Advance(command, shell);
            BashArtefactFilter.Remember(commands, command);
        }

        rows.DemoteCommands(artefacts);
    }

    /// <summary>
    /// For shells this pass sees first: what shows they were started rather than unseen until now —
    /// auditd's exec of a shell with that pid before the line (within a week), else a login (sshd, su,
    /// sudo session) of the shell's person or user in the two minutes before. Evidence that arrives
    /// after the line (another source, a slower shipper) is not waited for.
    /// </summary>
    private static async Task<Dictionary<(string, int), ShellStart>> LoadStartsAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, ParsedRows rows, Dictionary<(string, int), ShellState> shells, CancellationToken ct)
    {
        var firsts = rows.BashLines.Where(b => !shells.ContainsKey((b.Event.Host, b.Event.ShellPid!.Value)))
            .GroupBy(b => (b.Event.Host, Pid: b.Event.ShellPid!.Value)).Select(g => g.First().Event).ToList();
        var starts = new Dictionary<(string, int), ShellStart>();
        if (firsts.Count == 0) return starts;
        await using var cmd = new NpgsqlCommand("""
            SELECT k.host, k.pid, coalesce(e.occurred_at, s.occurred_at),
                   coalesce('auditd exec of ' || e.exe, s.service || ' session of ' || s.user_name || ' opened ' || to_char(s.occurred_at AT TIME ZONE 'UTC', 'HH24:MI:SS') || 'Z')
            FROM unnest(@hosts::text[], @pids::int[], @times::timestamptz[], @users::text[], @runas::text[]) AS k(host, pid, at, login_user, run_as)
            LEFT JOIN LATERAL (
                SELECT x.occurred_at, x.exe FROM executions x
                WHERE x.host = k.host AND x.pid = k.pid AND x.occurred_at <= k.at AND x.occurred_at >= k.at - interval '7 days'
                  AND x.exe ~ '/(ba|da|k|z)?sh$'
                ORDER BY x.occurred_at DESC LIMIT 1) e ON true
            LEFT JOIN LATERAL (
                SELECT se.occurred_at, se.service, se.user_name FROM session_events se
                WHERE se.host = k.host AND se.action = 'opened' AND se.user_name IN (k.login_user, k.run_as)
                  AND se.occurred_at <= k.at AND se.occurred_at >= k.at - interval '2 minutes'
                ORDER BY se.occurred_at DESC LIMIT 1) s ON true
            WHERE e.occurred_at IS NOT NULL OR s.occurred_at IS NOT NULL
            """, conn, tx);
        cmd.Parameters.AddWithValue("hosts", firsts.Select(f => f.Host).ToArray());
        cmd.Parameters.AddWithValue("pids", firsts.Select(f => f.ShellPid!.Value).ToArray());
        cmd.Parameters.AddWithValue("times", firsts.Select(f => f.OccurredAt.ToUniversalTime()).ToArray());
        cmd.Parameters.AddWithValue("users", firsts.Select(f => f.LoginUser ?? f.User).ToArray());
        cmd.Parameters.AddWithValue("runas", firsts.Select(f => f.User).ToArray());
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            starts[(reader.GetString(0), reader.GetInt32(1))] = new ShellStart(reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3));
        }

        return starts;
    }

    private static async Task<Dictionary<(string, int), ShellState>> LoadShellsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, List<(string Host, int Pid)> keys, CancellationToken ct)
    {
        var states = new Dictionary<(string, int), ShellState>();
        await using var cmd = new NpgsqlCommand("""
            SELECT s.host, s.shell_pid, s.last_seen_at, s.last_history_no
            FROM bash_shells s JOIN unnest(@hosts::text[], @pids::int[]) AS k(host, pid) ON s.host = k.host AND s.shell_pid = k.pid
            """, conn, tx);
        // Keys are stored cut (KeyText); the rows are mapped back to the whole values asked for.
        var byKey = keys.DistinctBy(k => (KeyText.Cut(k.Host), k.Pid)).ToDictionary(k => (KeyText.Cut(k.Host)!, k.Pid), k => k.Host);
        cmd.Parameters.AddWithValue("hosts", keys.Select(k => KeyText.Cut(k.Host)!).ToArray());
        cmd.Parameters.AddWithValue("pids", keys.Select(k => k.Pid).ToArray());
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (!byKey.TryGetValue((reader.GetString(0), reader.GetInt32(1)), out var host)) continue;
            states[(host, reader.GetInt32(1))] = new ShellState(reader.GetFieldValue<DateTimeOffset>(2), reader.IsDBNull(3) ? null : reader.GetInt32(3));
        }

        return states;
    }

    private static async Task<Dictionary<(string, string), List<string>>> LoadRecentAsync(NpgsqlConnection conn, NpgsqlTransaction tx, List<(string Host, string User)> keys, CancellationToken ct)
    {
        var recent = new Dictionary<(string, string), List<string>>();
        await using var cmd = new NpgsqlCommand("""
            SELECT r.host, r.run_as, r.commands::text
            FROM bash_recent_commands r JOIN unnest(@hosts::text[], @users::text[]) AS k(host, run_as) ON r.host = k.host AND r.run_as = k.run_as
            """, conn, tx);
        var byKey = keys.DistinctBy(k => (KeyText.Cut(k.Host), KeyText.Cut(k.User))).ToDictionary(k => (KeyText.Cut(k.Host)!, KeyText.Cut(k.User)!), k => k);
        cmd.Parameters.AddWithValue("hosts", keys.Select(k => KeyText.Cut(k.Host)!).ToArray());
        cmd.Parameters.AddWithValue("users", keys.Select(k => KeyText.Cut(k.User)!).ToArray());
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (!byKey.TryGetValue((reader.GetString(0), reader.GetString(1)), out var key)) continue;
            recent[key] = System.Text.Json.JsonSerializer.Deserialize<List<string>>(reader.GetString(2)) ?? [];
        }
        return recent;
    }

    private static async Task SaveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, List<((string Host, int Pid) Key, ShellState State)> shells, List<((string Host, string User) Key, List<string> Commands)> recent, CancellationToken ct)
    {
        if (shells.Count == 0 && recent.Count == 0) return;
        await using var batch = new NpgsqlBatch(conn, tx);
        var upsertShells = new NpgsqlBatchCommand("""
            INSERT INTO bash_shells (host, shell_pid, last_seen_at, last_history_no)
            SELECT * FROM unnest(@hosts::text[], @pids::int[], @seen::timestamptz[], @hist::int[])
            ON CONFLICT (host, shell_pid) DO UPDATE SET last_seen_at = greatest(bash_shells.last_seen_at, excluded.last_seen_at),
                last_history_no = coalesce(excluded.last_history_no, bash_shells.last_history_no)
            """);
        upsertShells.Parameters.AddWithValue("hosts", shells.Select(s => KeyText.Cut(s.Key.Host)!).ToArray());
        upsertShells.Parameters.AddWithValue("pids", shells.Select(s => s.Key.Pid).ToArray());
        upsertShells.Parameters.AddWithValue("seen", shells.Select(s => s.State.LastSeen.ToUniversalTime()).ToArray());
        upsertShells.Parameters.AddWithValue("hist", shells.Select(s => s.State.LastHistoryNumber).ToArray());
        batch.BatchCommands.Add(upsertShells);

        var upsertRecent = new NpgsqlBatchCommand("""
            INSERT INTO bash_recent_commands (host, run_as, commands)
            SELECT * FROM unnest(@hosts::text[], @users::text[], @commands::jsonb[])
            ON CONFLICT (host, run_as) DO UPDATE SET commands = excluded.commands
            """);
        upsertRecent.Parameters.AddWithValue("hosts", recent.Select(r => KeyText.Cut(r.Key.Host)!).ToArray());
        upsertRecent.Parameters.AddWithValue("users", recent.Select(r => KeyText.Cut(r.Key.User)!).ToArray());
        upsertRecent.Parameters.Add(new NpgsqlParameter("commands", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Jsonb)
        {
            Value = recent.Select(r => System.Text.Json.JsonSerializer.Serialize(r.Commands)).ToArray(),
        });
        batch.BatchCommands.Add(upsertRecent);
        await batch.ExecuteNonQueryAsync(ct);
    }
}
