using System.Security.Cryptography;
using Npgsql;

namespace Audit.Infrastructure.Database;

/// <summary>Random secrets the service makes once and every instance then shares (kept in <c>service_secrets</c>).</summary>
public sealed class ServiceSecrets(NpgsqlDataSource dataSource)
{
    public async Task<byte[]> GetOrCreateAsync(string name, int length, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO service_secrets (name, value) VALUES (@name, @value) ON CONFLICT (name) DO NOTHING;
            SELECT value FROM service_secrets WHERE name = @name;
            """, conn);
        cmd.Parameters.AddWithValue("name", name);
        cmd.Parameters.AddWithValue("value", RandomNumberGenerator.GetBytes(length));
        return (byte[])(await cmd.ExecuteScalarAsync(ct))!;
    }
}
