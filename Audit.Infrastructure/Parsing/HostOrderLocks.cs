using Npgsql;

namespace Audit.Infrastructure.Parsing;

/// <summary>
/// Keeps each host's lines parsed in the order they arrived, however many instances parse. The state
/// carried between passes (auditd records awaiting the rest of their event, bash shells, sshd
/// connections) is per host, so a pass must read it only after every earlier pass holding the same
/// host's lines has committed. A pass therefore claims its batches and takes its hosts' locks while
/// holding the claim lock: a later claimer can only claim after that, and then waits on the hosts it
/// shares. The claim lock lives in a transaction of its own (a second connection), so it is released
/// as soon as the hosts are locked, and by the server if the pass dies.
/// </summary>
public static class HostOrderLocks
{
    private const string ClaimKey = "audit-parse-claim";

    /// <summary>Opens the claim section; disposing it (commit or not) leaves it.</summary>
    public static async Task<IAsyncDisposable> EnterClaimAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        var conn = await dataSource.OpenConnectionAsync(ct);
        try
        {
            var tx = await conn.BeginTransactionAsync(ct);
            await using var cmd = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended(@k, 0))", conn, tx);
            cmd.Parameters.AddWithValue("k", ClaimKey);
            await cmd.ExecuteNonQueryAsync(ct);
            return new ClaimSection(conn, tx);
        }
        catch
        {
            await conn.DisposeAsync();
            throw;
        }
    }

    private sealed class ClaimSection(NpgsqlConnection conn, NpgsqlTransaction tx) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await tx.DisposeAsync();
            await conn.DisposeAsync();
        }
    }

    /// <summary>Locks the hosts for the transaction (blocking), in one fixed order so two passes never deadlock.</summary>
    public static async Task LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IEnumerable<string> hosts, CancellationToken ct)
    {
        var list = hosts.Distinct(StringComparer.Ordinal).ToArray();
        if (list.Length == 0) return;
        await using var cmd = new NpgsqlCommand("""
            SELECT count(pg_advisory_xact_lock(k)) FROM (
                SELECT DISTINCT hashtextextended('parse-host:' || h, 0) AS k FROM unnest(@hosts::text[]) AS h ORDER BY 1) s
            """, conn, tx);
        cmd.Parameters.AddWithValue("hosts", list);
        await cmd.ExecuteScalarAsync(ct);
    }

    /// <summary>
    /// Locks whichever of the hosts are free and returns those (hosts this transaction already holds
    /// count as free). For work that may wait for a later pass, such as flushing quiet state: a pass
    /// never blocks on a host it did not claim, which could deadlock with the pass that holds it.
    /// </summary>
    public static async Task<HashSet<string>> TryLockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IEnumerable<string> hosts, CancellationToken ct)
    {
        var got = new HashSet<string>(StringComparer.Ordinal);
        var list = hosts.Distinct(StringComparer.Ordinal).ToArray();
        if (list.Length == 0) return got;
        await using var cmd = new NpgsqlCommand("""
            SELECT h FROM (SELECT h, hashtextextended('parse-host:' || h, 0) AS k FROM unnest(@hosts::text[]) AS h ORDER BY 2) s
            WHERE pg_try_advisory_xact_lock(k)
            """, conn, tx);
        cmd.Parameters.AddWithValue("hosts", list);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) got.Add(r.GetString(0));
        return got;
    }
}
