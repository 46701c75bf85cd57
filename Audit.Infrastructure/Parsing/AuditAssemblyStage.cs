using Audit.Infrastructure.Database;
using Audit.Domain.Auditd;
using Audit.Domain.Events;
using Npgsql;
using NpgsqlTypes;

namespace Audit.Infrastructure.Parsing;

/// <summary>
/// Assembles auditd records into events across parse transactions: the records still waiting for
/// the rest of their event are kept in <c>audit_pending</c> and fed to the assembler again with the
/// next records of their host (or once their quiet window has passed). Hosts are locked for the
/// transaction (see HostOrderLocks), so two workers never assemble the same host's records. Quiet windows
/// run on ParseQueue.QuietClockAsync, so a backlog does not cut events at batch boundaries. Names for
/// RAW records' ids come from what the hosts' own lines taught (<c>host_names</c>).
/// </summary>
public sealed class AuditAssemblyStage(TimeProvider time)
{
    private static readonly AuditAssemblyOptions Options = new();

    public async Task ApplyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ParsedRows rows, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var quietNow = await ParseQueue.QuietClockAsync(conn, tx, now, rows.Counts.Keys, ct);
        var hosts = rows.AuditRecords.Select(r => r.Record.Host).ToHashSet(StringComparer.Ordinal);
        await HostOrderLocks.LockAsync(conn, tx, hosts, ct);
        // A quiet host another pass holds is flushed by that pass (or the next one), never waited for.
        hosts.UnionWith(await HostOrderLocks.TryLockAsync(conn, tx, (await StaleHostsAsync(conn, tx, quietNow, ct)).Where(h => !hosts.Contains(h)), ct));
        var taught = NamesTaughtBy(rows).ToList();
        if (hosts.Count == 0)
        {
            await SaveNamesAsync(conn, tx, taught, now, ct);
            return;
        }

        var hostList = hosts.Order(StringComparer.Ordinal).ToArray();

        var records = await LoadPendingAsync(conn, tx, hostList, ct);
        records.AddRange(rows.AuditRecords);

        var names = await LoadNamesAsync(conn, tx, hostList, ct);
        foreach (var (host, kind, id, name) in taught) names[(host, kind, id)] = name;
        var result = AssembleIsolated(new AuditEventAssembler(Options, (host, kind, id) => names.GetValueOrDefault((host, kind, id))), records, quietNow, rows);

        rows.AuditEvents.AddRange(result.Events);
        foreach (var e in result.Events)
        {
            if (e.Sudo is { } sudo) rows.Sudo.Add((AuditCopies.RawIdOf(e), sudo));
            if (e.Account is { } account) rows.AccountChanges.Add((AuditCopies.RawIdOf(e), account));
        }

        await SavePendingAsync(conn, tx, hostList, result.Pending, ct);
        await SaveNamesAsync(conn, tx, taught.Concat(NamesTaughtBy(result.Events)).ToList(), now, ct);
    }

    /// <summary>
    /// For a reparse: assembles only the reparsed records and emits every event at once (nothing is
    /// left pending); the live pending state is not touched.
    /// </summary>
    public async Task AssembleDetachedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ParsedRows rows, CancellationToken ct)
    {
        if (rows.AuditRecords.Count == 0) return;
        var hosts = rows.AuditRecords.Select(r => r.Record.Host).Distinct(StringComparer.Ordinal).ToArray();
        var names = await LoadNamesAsync(conn, tx, hosts, ct);
        foreach (var (host, kind, id, name) in NamesTaughtBy(rows)) names[(host, kind, id)] = name;
        var result = AssembleIsolated(new AuditEventAssembler(Options, (host, kind, id) => names.GetValueOrDefault((host, kind, id))), rows.AuditRecords, DateTimeOffset.MaxValue, rows);
        rows.AuditEvents.AddRange(result.Events);
        foreach (var e in result.Events)
        {
            if (e.Sudo is { } sudo) rows.Sudo.Add((AuditCopies.RawIdOf(e), sudo));
            if (e.Account is { } account) rows.AccountChanges.Add((AuditCopies.RawIdOf(e), account));
        }
    }

    /// <summary>
    /// The assembler does not throw; should it still, on some host's records, that must not fail
    /// every pass (waiting records are loaded again each time): the hosts are assembled one by one,
    /// and the records of a host that fails are refused with the reason (they become unparsed lines
    /// and leave the waiting list), the other hosts' events go on.
    /// </summary>
    private static AuditAssemblyResult AssembleIsolated(AuditEventAssembler assembler, List<PendingAuditRecord> records, DateTimeOffset now, ParsedRows rows)
    {
        try
        {
            return assembler.Assemble(records, now);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            List<AssembledAuditEvent> events = [];
            List<PendingAuditRecord> pending = [], dropped = [];
            foreach (var host in records.GroupBy(r => r.Record.Host, StringComparer.Ordinal))
            {
                try
                {
                    var part = assembler.Assemble(host, now);
                    events.AddRange(part.Events);
                    pending.AddRange(part.Pending);
                    dropped.AddRange(part.Dropped);
                }
                catch (Exception hostError) when (hostError is not OutOfMemoryException)
                {
                    foreach (var r in host) rows.Refused.TryAdd(r.RawLineId, $"auditd assembly failed: {hostError.GetType().Name}");
                }
            }

            return new AuditAssemblyResult(events.OrderBy(x => x.OccurredAt).ToList(), pending, dropped);
        }
    }

    private static async Task<List<string>> StaleHostsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, DateTimeOffset now, CancellationToken ct)
    {
        var hosts = new List<string>();
        await using var cmd = new NpgsqlCommand("SELECT DISTINCT host FROM audit_pending WHERE arrived_at < @cutoff", conn, tx);
        cmd.Parameters.AddWithValue("cutoff", (now - Options.QuietWindow).ToUniversalTime());
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) hosts.Add(r.GetString(0));
        return hosts;
    }

    private static async Task<List<PendingAuditRecord>> LoadPendingAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string[] hosts, CancellationToken ct)
    {
        var list = new List<PendingAuditRecord>();
        await using var cmd = new NpgsqlCommand("SELECT raw_id, host, record, arrived_at FROM audit_pending WHERE host = ANY(@hosts) ORDER BY raw_id, seq", conn, tx);
        var whole = KeyText.ByKey(hosts);
        cmd.Parameters.AddWithValue("hosts", whole.Keys.ToArray());
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            if (PendingAuditRecord.Restore(r.GetInt64(0), whole.GetValueOrDefault(r.GetString(1), r.GetString(1)), r.GetString(2), r.GetFieldValue<DateTimeOffset>(3)) is { } p) list.Add(p);
        }

        return list;
    }

    private static async Task SavePendingAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string[] hosts, IReadOnlyList<PendingAuditRecord> pending, CancellationToken ct)
    {
        await Sql.ExecAsync(conn, tx, "DELETE FROM audit_pending WHERE host = ANY(@hosts)", ct, ("hosts", KeyText.ByKey(hosts).Keys.ToArray()));
        if (pending.Count == 0) return;
        var seq = new Dictionary<long, int>();
        await using var w = await conn.BeginBinaryImportAsync("COPY audit_pending (raw_id, seq, host, record, arrived_at) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var p in pending)
        {
            var n = seq[p.RawLineId] = seq.GetValueOrDefault(p.RawLineId) + 1;
            await w.StartRowAsync(ct);
            await w.WriteAsync(p.RawLineId, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(n, NpgsqlDbType.Integer, ct);
            await w.WriteAsync(KeyText.Cut(p.Record.Host)!, NpgsqlDbType.Text, ct);
            await w.WriteAsync(p.Record.Text, NpgsqlDbType.Text, ct);
            await w.WriteAsync(p.ArrivedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
        }

        await w.CompleteAsync(ct);
    }

    private static async Task<Dictionary<(string, AuditIdKind, long), string>> LoadNamesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string[] hosts, CancellationToken ct)
    {
        var names = new Dictionary<(string, AuditIdKind, long), string>();
        await using var cmd = new NpgsqlCommand("SELECT host, kind, id, name FROM host_names WHERE host = ANY(@hosts)", conn, tx);
        var whole = KeyText.ByKey(hosts);
        cmd.Parameters.AddWithValue("hosts", whole.Keys.ToArray());
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) names[(whole.GetValueOrDefault(r.GetString(0), r.GetString(0)), r.GetString(1) == "group" ? AuditIdKind.Group : AuditIdKind.User, r.GetInt64(2))] = r.GetString(3);
        return names;
    }

    /// <summary>Upserts the names; one already stored is not rewritten (every pass teaches the same sessions' names again).</summary>
    private static async Task SaveNamesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, List<(string Host, AuditIdKind Kind, long Id, string Name)> names, DateTimeOffset now, CancellationToken ct)
    {
        var distinct = names.GroupBy(n => (n.Host, n.Kind, n.Id)).Select(g => g.Last()).ToList();
        if (distinct.Count == 0) return;
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO host_names (host, kind, id, name, learned_at)
            SELECT * FROM unnest(@hosts::text[], @kinds::text[], @ids::bigint[], @names::text[], @at::timestamptz[])
            ON CONFLICT (host, kind, id) DO UPDATE SET name = excluded.name, learned_at = excluded.learned_at
            WHERE host_names.name IS DISTINCT FROM excluded.name
            """, conn, tx);
        cmd.Parameters.AddWithValue("hosts", distinct.Select(n => KeyText.Cut(n.Host)!).ToArray());
        cmd.Parameters.AddWithValue("kinds", distinct.Select(n => n.Kind == AuditIdKind.Group ? "group" : "user").ToArray());
        cmd.Parameters.AddWithValue("ids", distinct.Select(n => n.Id).ToArray());
        cmd.Parameters.AddWithValue("names", distinct.Select(n => n.Name).ToArray());
        cmd.Parameters.AddWithValue("at", distinct.Select(_ => now.ToUniversalTime()).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>uid/gid → name pairs the host's auth lines state: useradd/groupadd, pam_unix "for user alice(uid=1000)".</summary>
    private static IEnumerable<(string, AuditIdKind, long, string)> NamesTaughtBy(ParsedRows rows)
    {
        foreach (var (_, a) in rows.AccountChanges)
        {
            if (a.Action == "user_created" && a.Uid is { } uid) yield return (a.Host, AuditIdKind.User, uid, a.Target);
            if (a.Action == "group_created" && a.Gid is { } gid) yield return (a.Host, AuditIdKind.Group, gid, a.Target);
        }

        foreach (var (_, s) in rows.Sessions)
        {
            if (s.User is { } user && s.Uid is { } uid) yield return (s.Host, AuditIdKind.User, uid, user);
        }
    }

    /// <summary>Names ENRICHED records carried (auid/uid/euid beside their names).</summary>
    private static IEnumerable<(string, AuditIdKind, long, string)> NamesTaughtBy(IEnumerable<AssembledAuditEvent> events)
    {
        foreach (var e in events)
        {
            if (e.Auid is { } auid && e.LoginUser is { } login) yield return (e.Host, AuditIdKind.User, auid, login);
            if (e.Uid is { } uid && e.User is { } user) yield return (e.Host, AuditIdKind.User, uid, user);
            if (e.Euid is { } euid && e.EffectiveUser is { } eu) yield return (e.Host, AuditIdKind.User, euid, eu);
        }
    }
}
