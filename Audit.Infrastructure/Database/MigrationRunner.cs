using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Audit.Infrastructure.Database;

/// <summary>
/// Applies <c>migrations/NNN_name.sql</c> (embedded in this assembly) in order, each once and each in
/// its own transaction, recording them in <c>schema_migrations</c>. An advisory lock keeps two
/// instances starting together from racing; an applied file whose text changed stops start-up.
/// </summary>
public sealed class MigrationRunner(NpgsqlDataSource dataSource, ILogger<MigrationRunner> logger)
{
    private const long LockId = 0x4155444954; // "AUDIT"

    /// <summary>024_roles.sql makes audit_owner the owner of everything; later migrations run as that role, so new objects get its default privileges.</summary>
    private const int RolesVersion = 24;

    public static IReadOnlyList<Migration> Embedded { get; } = LoadEmbedded();

    public static int LatestVersion => Embedded.Count == 0 ? 0 : Embedded[^1].Version;

    public async Task ApplyAsync(CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await Sql.ExecAsync(conn, null, "SELECT pg_advisory_lock(@id)", ct, ("id", LockId));
        try
        {
            await Sql.ExecAsync(conn, null, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    integer PRIMARY KEY,
                    name       text NOT NULL,
                    checksum   text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """, ct);
            var applied = new Dictionary<int, string>();
            await using (var cmd = new NpgsqlCommand("SELECT version, checksum FROM schema_migrations", conn))
            await using (var reader = await cmd.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct)) applied[reader.GetInt32(0)] = reader.GetString(1);
            }

            foreach (var m in Embedded)
            {
                if (applied.TryGetValue(m.Version, out var checksum))
                {
                    if (checksum != m.Checksum)
                    {
                        throw new InvalidOperationException($"Migration {m.Name} was changed after it was applied (checksum {checksum} in the database, {m.Checksum} now). Add a new migration instead.");
                    }

                    continue;
                }

                await using var tx = await conn.BeginTransactionAsync(ct);
                if (m.Version > RolesVersion) await Sql.ExecAsync(conn, tx, "SET LOCAL ROLE audit_owner", ct);
                await Sql.ExecAsync(conn, tx, m.Sql, ct);
                await Sql.ExecAsync(conn, tx, "INSERT INTO schema_migrations (version, name, checksum) VALUES (@v, @n, @c)", ct, ("v", m.Version), ("n", m.Name), ("c", m.Checksum));
                await tx.CommitAsync(ct);
                logger.LogInformation("Applied migration {Migration}", m.Name);
            }
        }
        finally
        {
            await Sql.ExecAsync(conn, null, "SELECT pg_advisory_unlock(@id)", CancellationToken.None, ("id", LockId));
        }
    }

    /// <summary>The highest applied version, or null when the history table is missing.</summary>
    public async Task<int?> CurrentVersionAsync(CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT CASE WHEN to_regclass('schema_migrations') IS NULL THEN NULL ELSE (SELECT coalesce(max(version), 0) FROM schema_migrations) END", conn);
        var value = await cmd.ExecuteScalarAsync(ct);
        return value is int v ? v : null;
    }

    private static List<Migration> LoadEmbedded()
    {
        var asm = typeof(MigrationRunner).Assembly;
        var list = new List<Migration>();
        foreach (var resource in asm.GetManifestResourceNames().Where(n => n.StartsWith("migrations/", StringComparison.Ordinal)))
        {
            var name = resource["migrations/".Length..];
            var underscore = name.IndexOf('_', StringComparison.Ordinal);
            if (underscore <= 0 || !int.TryParse(name[..underscore], out var version))
            {
                throw new InvalidOperationException($"Migration file {name} must be named NNN_name.sql");
            }

            using var stream = asm.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var sql = reader.ReadToEnd();
            var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql.ReplaceLineEndings("\n"))));
            list.Add(new Migration(version, name, sql, checksum));
        }

        list.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < list.Count; i++)
        {
            if (list[i].Version == list[i - 1].Version) throw new InvalidOperationException($"Two migrations share version {list[i].Version}");
        }

        return list;
    }
}
