using System.Text.Json;
using Audit.Domain.Auth;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Audit.Infrastructure.Parsing;

/// <summary>
/// Merges sshd's lines into one login row per attempt across parse passes: the connections this
/// pass's lines belong to, and the quiet ones whose held lines are due, are read from
/// <c>sshd_connections</c>, merged with the lines (SshConnectionMerger) and written back. The pass
/// holds its hosts' locks (HostOrderLocks); quiet connections of other hosts are only taken when free.
/// </summary>
public sealed class SshConnectionStage(TimeProvider time, IOptions<ParsingOptions> options)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private TimeSpan Quiet => TimeSpan.FromSeconds(options.Value.SshConnectionQuietSeconds);

    public async Task ApplyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ParsedRows rows, CancellationToken ct)
    {
        var quietNow = await ParseQueue.QuietClockAsync(conn, tx, time.GetUtcNow(), rows.Counts.Keys, ct);
        var keys = rows.SshdLines.Select(l => (l.Event.Host, l.Event.SshdPid!.Value)).ToHashSet();
        var quiet = await QuietAsync(conn, tx, quietNow, ct);
        var free = await HostOrderLocks.TryLockAsync(conn, tx, quiet.Select(k => k.Host).Where(h => !rows.Hosts.Contains(h)), ct);
        keys.UnionWith(quiet.Where(k => rows.Hosts.Contains(k.Host) || free.Contains(k.Host)));
        if (keys.Count == 0) return;

        var connections = await LoadAsync(conn, tx, keys, ct);
        var result = new SshConnectionMerger(Quiet).Merge(connections, rows.SshdLines.Select(l => (l.Line.Id, l.Line.ReceivedAt, l.Event)), quietNow);
        rows.Logins.AddRange(result.Rows);
        rows.LoginUpdates.AddRange(result.Updates);
        await SaveAsync(conn, tx, result.Changed.Select(k => (k, connections[k])).ToList(), [.. rows.Hosts, .. free], quietNow, ct);
    }

    /// <summary>For a reparse: the reparsed lines merged on their own and every held line placed; no state read or saved.</summary>
    public static void ApplyDetached(ParsedRows rows)
    {
        var result = new SshConnectionMerger(TimeSpan.Zero).Merge(new Dictionary<(string, int), SshConnection>(),
            rows.SshdLines.Select(l => (l.Line.Id, l.Line.ReceivedAt, l.Event)), DateTimeOffset.MaxValue);
        rows.Logins.AddRange(result.Rows);
    }

    private async Task<List<(string Host, int Pid)>> QuietAsync(NpgsqlConnection conn, NpgsqlTransaction tx, DateTimeOffset now, CancellationToken ct)
    {
        var list = new List<(string, int)>();
        await using var cmd = new NpgsqlCommand("SELECT host, pid FROM sshd_connections WHERE held > 0 AND last_seen <= @cutoff LIMIT 10000", conn, tx);
        cmd.Parameters.AddWithValue("cutoff", (now - Quiet).ToUniversalTime());
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) list.Add((r.GetString(0), r.GetInt32(1)));
        return list;
    }

    private static async Task<Dictionary<(string Host, int Pid), SshConnection>> LoadAsync(NpgsqlConnection conn, NpgsqlTransaction tx, HashSet<(string Host, int Pid)> keys, CancellationToken ct)
    {
        var map = new Dictionary<(string, int), SshConnection>();
        // Host names are index keys here: stored cut (KeyText) like every other key, mapped back to the line's.
        var hosts = KeyText.ByKey(keys.Select(k => k.Host));
        await using var cmd = new NpgsqlCommand("""
            SELECT c.host, c.pid, c.state::text FROM sshd_connections c
            JOIN unnest(@hosts::text[], @pids::int[]) AS k(host, pid) ON c.host = k.host AND c.pid = k.pid
            """, conn, tx);
        cmd.Parameters.AddWithValue("hosts", keys.Select(k => KeyText.Cut(k.Host)!).ToArray());
        cmd.Parameters.AddWithValue("pids", keys.Select(k => k.Pid).ToArray());
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            if (JsonSerializer.Deserialize<SshConnection>(r.GetString(2), Json) is { } c) map[(hosts[r.GetString(0)], r.GetInt32(1))] = c;
        }

        return map;
    }

    private static async Task SaveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, List<((string Host, int Pid) Key, SshConnection State)> changed, string[] hosts, DateTimeOffset quietNow, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(conn, tx);
        if (changed.Count > 0)
        {
            var upsert = new NpgsqlBatchCommand("""
                INSERT INTO sshd_connections (host, pid, last_seen, held, state)
                SELECT * FROM unnest(@hosts::text[], @pids::int[], @seen::timestamptz[], @held::int[], @states::jsonb[])
                ON CONFLICT (host, pid) DO UPDATE SET last_seen = excluded.last_seen, held = excluded.held, state = excluded.state
                """);
            upsert.Parameters.AddWithValue("hosts", changed.Select(c => KeyText.Cut(c.Key.Host)!).ToArray());
            upsert.Parameters.AddWithValue("pids", changed.Select(c => c.Key.Pid).ToArray());
            upsert.Parameters.AddWithValue("seen", changed.Select(c => c.State.LastSeen.ToUniversalTime()).ToArray());
            upsert.Parameters.AddWithValue("held", changed.Select(c => c.State.Held.Count).ToArray());
            upsert.Parameters.Add(new NpgsqlParameter("states", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Jsonb)
            {
                Value = changed.Select(c => JsonSerializer.Serialize(c.State, Json)).ToArray(),
            });
            batch.BatchCommands.Add(upsert);
        }

        // Connections with nothing held and long quiet can take no more lines (their pid is a new connection then).
        // Long quiet on the quiet clock, as last_seen is a receive time: under a backlog the lines still
        // queued came in when the backlog began, and may continue a connection wall time calls old.
        var expire = new NpgsqlBatchCommand("DELETE FROM sshd_connections WHERE held = 0 AND last_seen < @old AND host = ANY(@hosts)");
        expire.Parameters.AddWithValue("hosts", hosts.Select(h => KeyText.Cut(h)!).ToArray());
        expire.Parameters.AddWithValue("old", (quietNow - SshConnectionMerger.ReuseAfter).ToUniversalTime());
        batch.BatchCommands.Add(expire);
        await batch.ExecuteNonQueryAsync(ct);
    }
}
