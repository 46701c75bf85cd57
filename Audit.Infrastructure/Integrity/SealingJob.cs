using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Audit.Infrastructure.Integrity;

/// <summary>
/// Chains committed batches in id order (see <see cref="SealWatermark"/> for which ids are final):
/// each link covers the previous link, the batch record and the content hash of its stored lines.
/// One sealer at a time (advisory lock); safe to re-run; an id that never committed is skipped.
/// </summary>
public sealed class SealingJob(NpgsqlDataSource db, TimeProvider time, ILogger<SealingJob> logger)
{
    private const long LockId = 0x4155444953; // "AUDIS"

    /// <summary>Seals what is final; returns how many batches it sealed.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using (var lockCmd = new NpgsqlCommand("SELECT pg_try_advisory_lock(@id)", conn))
        {
            lockCmd.Parameters.AddWithValue("id", LockId);
            if (!(bool)(await lockCmd.ExecuteScalarAsync(ct))!) return 0;
        }

        try
        {
            if (await SealWatermark.ReadAsync(conn, TimeSpan.FromSeconds(5), time, ct) is not { } final) return 0;
            var (headId, headHash) = await HeadAsync(conn, ct);
            if (final <= headId) return 0;

            var links = new List<(BatchRecord Batch, byte[] Content, byte[] Prev, byte[] Link, int Lines)>();
            var prev = headHash;
            await foreach (var b in StoredChainReader.ReadAsync(db, headId, final, ct))
            {
                if (b.Record is null) continue;
                var link = ChainHasher.Link(prev, b.Record, b.ContentHash);
                links.Add((b.Record, b.ContentHash, prev, link, b.Lines));
                prev = link;
            }

            if (links.Count == 0) return 0;
            var now = time.GetUtcNow();
            await using var importer = await conn.BeginBinaryImportAsync(
                "COPY integrity_links (batch_id, received_on, line_count, content_hash, prev_hash, link_hash, sealed_at) FROM STDIN (FORMAT BINARY)", ct);
            foreach (var (batch, content, p, link, lines) in links)
            {
                await importer.StartRowAsync(ct);
                await importer.WriteAsync(batch.Id, NpgsqlDbType.Bigint, ct);
                await importer.WriteAsync(batch.ReceivedOn, NpgsqlDbType.Date, ct);
                await importer.WriteAsync(lines, NpgsqlDbType.Integer, ct);
                await importer.WriteAsync(content, NpgsqlDbType.Bytea, ct);
                await importer.WriteAsync(p, NpgsqlDbType.Bytea, ct);
                await importer.WriteAsync(link, NpgsqlDbType.Bytea, ct);
                await importer.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
            }

            await importer.CompleteAsync(ct);
            logger.LogDebug("Sealed batches {From}..{To}", links[0].Batch.Id, links[^1].Batch.Id);
            return links.Count;
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@id)", conn);
            unlock.Parameters.AddWithValue("id", LockId);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>The newest link (id 0 and the genesis hash before the first).</summary>
    public static async Task<(long Id, byte[] Hash)> HeadAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT batch_id, link_hash FROM integrity_links ORDER BY batch_id DESC LIMIT 1", conn);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? (r.GetInt64(0), r.GetFieldValue<byte[]>(1)) : (0, ChainHasher.Genesis);
    }
}
