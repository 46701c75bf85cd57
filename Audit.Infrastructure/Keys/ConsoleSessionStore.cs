using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Audit.Infrastructure.Keys;

/// <summary>Who a console session belongs to: the key's name, id (null for the bootstrap admin) and scopes.</summary>
public sealed record ConsoleSession(string Name, Guid? KeyId, IReadOnlyList<string> Scopes, DateTimeOffset ExpiresAt);

/// <summary>
/// Server-side sessions of the /ui console (table <c>console_sessions</c>). The browser holds a random
/// 256-bit token; only its SHA-256 is stored. Every lookup joins the key, so a revoked key ends its
/// sessions at once; a bootstrap-admin session ends when the configured admin key changes.
/// </summary>
public sealed class ConsoleSessionStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    public const string BootstrapName = "bootstrap-admin";

    /// <summary>Opens a session for an API key (or, with <paramref name="keyId"/> null, the bootstrap admin key); returns the token for the cookie.</summary>
    public async Task<string> OpenAsync(Guid? keyId, string? adminKey, TimeSpan lifetime, CancellationToken ct)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = time.GetUtcNow();
        await using var cmd = dataSource.CreateCommand("""
            DELETE FROM console_sessions WHERE expires_at < @now - interval '1 day';
            INSERT INTO console_sessions (token_hash, key_id, admin_key_hash, created_at, expires_at) VALUES (@hash, @key, @admin, @now, @expires)
            """);
        cmd.Parameters.AddWithValue("hash", Hash(token));
        cmd.Parameters.Add(new NpgsqlParameter("key", NpgsqlTypes.NpgsqlDbType.Uuid) { Value = (object?)keyId ?? DBNull.Value });
        cmd.Parameters.Add(new NpgsqlParameter("admin", NpgsqlTypes.NpgsqlDbType.Bytea) { Value = keyId is null && adminKey is not null ? Hash(adminKey) : DBNull.Value });
        cmd.Parameters.AddWithValue("now", now);
        cmd.Parameters.AddWithValue("expires", now + lifetime);
        await cmd.ExecuteNonQueryAsync(ct);
        return token;
    }

    /// <summary>The live session of <paramref name="token"/>, or null when unknown, ended, expired or its key revoked.</summary>
    public async Task<ConsoleSession?> FindAsync(string token, string? adminKey, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("""
            SELECT coalesce(k.name, @bootstrap), s.key_id, coalesce(k.scopes, ARRAY['admin']), s.expires_at, s.admin_key_hash
            FROM console_sessions s LEFT JOIN api_keys k ON k.id = s.key_id
            WHERE s.token_hash = @hash AND s.ended_at IS NULL AND s.expires_at > @now
              AND (s.key_id IS NULL OR k.revoked_at IS NULL)
            """);
        cmd.Parameters.AddWithValue("hash", Hash(token));
        cmd.Parameters.AddWithValue("now", time.GetUtcNow());
        cmd.Parameters.AddWithValue("bootstrap", BootstrapName);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        if (!r.IsDBNull(4) && (adminKey is not { Length: > 0 } || !CryptographicOperations.FixedTimeEquals(r.GetFieldValue<byte[]>(4), Hash(adminKey))))
        {
            return null;
        }

        return new ConsoleSession(r.GetString(0), r.IsDBNull(1) ? null : r.GetGuid(1), r.GetFieldValue<string[]>(2), r.GetFieldValue<DateTimeOffset>(3));
    }

    /// <summary>Ends the session (sign-out); unknown tokens are ignored.</summary>
    public async Task EndAsync(string token, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("UPDATE console_sessions SET ended_at = coalesce(ended_at, @now) WHERE token_hash = @hash");
        cmd.Parameters.AddWithValue("hash", Hash(token));
        cmd.Parameters.AddWithValue("now", time.GetUtcNow());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
