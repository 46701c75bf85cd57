using Audit.Infrastructure.Database;
using Npgsql;

namespace Audit.Infrastructure.Parsing;

/// <summary>
/// Keeps each host's lines parsed in the order they arrived, however many instances parse. The state
/// carried between passes (auditd records awaiting the rest of their event, bash shells, sshd
/// connections) is per host, so a pass must read it only after every earlier pass holding the same
/// host's lines has committed. Passes therefore lock their hosts in the order they claimed: under the
/// claim lock a pass claims its batches and takes a turn (a number from <c>parse_turns</c>, held as a
/// session lock); it reads and parses its lines outside it, and before locking its hosts waits until
/// the turn before it has locked theirs. So parsing overlaps between passes, the host locks queue in
/// claim order, and a pass that dies lets the next one go (its locks end with its connection).
/// </summary>
public static class HostOrderLocks
{
    private const string ClaimKey = "audit-parse-claim";

    /// <summary>First key of the two-part advisory locks that hold turns (a key space apart from the one-part locks).</summary>
    private const int TurnClass = 0x41505431; // "APT1"

    /// <summary>The second key of a turn's lock (turn numbers wrap there; two turns 2³¹ apart are never both live).</summary>
    private static int TurnKey(long number) => (int)(number % 2147483648);

    /// <summary>Opens the claim section; disposing it (commit or not) leaves it.</summary>
    public static async Task<ClaimSection> EnterClaimAsync(NpgsqlDataSource dataSource, CancellationToken ct)
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

    /// <summary>The claim lock, held by a transaction on a connection of its own.</summary>
    public sealed class ClaimSection(NpgsqlConnection conn, NpgsqlTransaction tx) : IAsyncDisposable
    {
        private bool _connectionTaken;

        /// <summary>Takes the next turn and leaves the claim section (the turn keeps its connection).</summary>
        public async Task<Turn> TakeTurnAsync(CancellationToken ct)
        {
            // The number need not survive a crash (every turn dies with it): no WAL flush for it. Set by
            // set_config(…, true), SET LOCAL in the same statement, so the claim lock is held one round trip less.
            await using var cmd = new NpgsqlCommand($"""
                SELECT t, pg_advisory_lock({TurnClass}, (t % 2147483648)::int), set_config('synchronous_commit', 'off', true)
                FROM nextval('parse_turns') AS t
                """, conn, tx);
            await using (var r = await cmd.ExecuteReaderAsync(ct))
            {
                await r.ReadAsync(ct);
                var turn = r.GetInt64(0);
                await r.CloseAsync();
                await tx.CommitAsync(ct);
                _connectionTaken = true;
                return new Turn(conn, turn);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await tx.DisposeAsync();
            if (!_connectionTaken) await conn.DisposeAsync();
        }
    }

    /// <summary>A pass's place in the order of host locking; dispose it once the hosts are locked.</summary>
    public sealed class Turn(NpgsqlConnection conn, long number) : IAsyncDisposable
    {
        /// <summary>Waits until the turn before this one has locked its hosts, ended, or died.</summary>
        public Task WaitForPreviousAsync(CancellationToken ct) =>
            Sql.ExecAsync(conn, null, $"SELECT pg_advisory_lock({TurnClass}, @t), pg_advisory_unlock({TurnClass}, @t)", ct, ("t", TurnKey(number - 1)));

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (conn.State == System.Data.ConnectionState.Open)
                {
                    await Sql.ExecAsync(conn, null, $"SELECT pg_advisory_unlock({TurnClass}, @t)", CancellationToken.None, ("t", TurnKey(number)));
                }
            }
            finally
            {
                // A broken connection takes its session locks with it.
                await conn.DisposeAsync();
            }
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
