using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Audit.Infrastructure.Keys;

/// <summary>
/// Creates, lists, revokes and checks API keys. Only a SHA-256 of each key is stored (keys are 256
/// random bits, so a slow hash adds nothing). Checks are cached briefly so ingest does not pay a
/// query per request; a revocation made here takes effect at once, one made by another instance
/// within <see cref="CacheFor"/>.
/// </summary>
public sealed class ApiKeyStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    public const string KeyPrefix = "audit_";
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, (ApiKeyInfo? Info, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    public async Task<(ApiKeyInfo Info, string Key)> CreateAsync(string name, IReadOnlyList<string> scopes, string createdBy, CancellationToken ct)
    {
        var key = KeyPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var info = new ApiKeyInfo(Guid.CreateVersion7(), name, scopes.Distinct().ToArray(), key[..(KeyPrefix.Length + 6)], time.GetUtcNow(), createdBy, null);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(
            "INSERT INTO api_keys (id, name, scopes, key_hash, prefix, created_at, created_by) VALUES (@id, @name, @scopes, @hash, @prefix, @at, @by)", conn);
        cmd.Parameters.AddWithValue("id", info.Id);
        cmd.Parameters.AddWithValue("name", info.Name);
        cmd.Parameters.AddWithValue("scopes", info.Scopes.ToArray());
        cmd.Parameters.AddWithValue("hash", Hash(key));
        cmd.Parameters.AddWithValue("prefix", info.Prefix);
        cmd.Parameters.AddWithValue("at", info.CreatedAt);
        cmd.Parameters.AddWithValue("by", createdBy);
        await cmd.ExecuteNonQueryAsync(ct);
        return (info, key);
    }

    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT id, name, scopes, prefix, created_at, created_by, revoked_at FROM api_keys ORDER BY created_at", conn);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var list = new List<ApiKeyInfo>();
        while (await reader.ReadAsync(ct)) list.Add(Read(reader));
        return list;
    }

    /// <summary>Marks the key revoked; false when no such key exists.</summary>
    public async Task<bool> RevokeAsync(Guid id, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("UPDATE api_keys SET revoked_at = coalesce(revoked_at, @at) WHERE id = @id", conn);
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("at", time.GetUtcNow());
        var found = await cmd.ExecuteNonQueryAsync(ct) > 0;
        _cache.Clear();
        return found;
    }

    /// <summary>The active key matching <paramref name="key"/>, or null.</summary>
    public async Task<ApiKeyInfo?> FindActiveAsync(string key, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var hashHex = Convert.ToHexString(Hash(key));
        if (_cache.TryGetValue(hashHex, out var cached) && cached.Until > now) return cached.Info;

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(
            "SELECT id, name, scopes, prefix, created_at, created_by, revoked_at FROM api_keys WHERE key_hash = @hash AND revoked_at IS NULL", conn);
        cmd.Parameters.AddWithValue("hash", Hash(key));
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var info = await reader.ReadAsync(ct) ? Read(reader) : null;
        if (_cache.Count > 10_000) _cache.Clear(); // bound memory against floods of wrong keys
        _cache[hashHex] = (info, now + CacheFor);
        return info;
    }

    private static ApiKeyInfo Read(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetString(1), r.GetFieldValue<string[]>(2), r.GetString(3), r.GetFieldValue<DateTimeOffset>(4), r.GetString(5),
        r.IsDBNull(6) ? null : r.GetFieldValue<DateTimeOffset>(6));

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
