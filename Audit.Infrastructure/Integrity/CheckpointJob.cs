using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Audit.Infrastructure.Integrity;

/// <summary>
/// Signs the chain head with the Ed25519 key read from <see cref="IntegrityOptions.SigningKeyPath"/>
/// and writes it, with every batch sealed since the previous checkpoint, to a file in
/// <see cref="IntegrityOptions.CheckpointDirectory"/> and to the service log. The previous checkpoint
/// is the newest file there; the copy in PostgreSQL is for convenience. Nothing new sealed: no file.
/// </summary>
public sealed class CheckpointJob(NpgsqlDataSource db, IOptions<IntegrityOptions> options, IntegrityRunLog runs, TimeProvider time, ILogger<CheckpointJob> logger)
{
    public async Task<CheckpointFile?> RunAsync(CancellationToken ct)
    {
        var o = options.Value;
        if (!o.CheckpointsEnabled) return null;
        var started = time.GetUtcNow();
        if (o.CreateSigningKey && !File.Exists(o.SigningKeyPath))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(o.SigningKeyPath))!);
            CheckpointSigner.CreateKeyPair(o.SigningKeyPath, o.EffectivePublicKeyPath);
            logger.LogWarning("Created the checkpoint signing key {Key}; give its public key {PublicKey} to the auditors", o.SigningKeyPath, o.EffectivePublicKeyPath);
        }

        var key = CheckpointSigner.LoadPrivateKey(o.SigningKeyPath);
        Directory.CreateDirectory(o.CheckpointDirectory);
        var (prevId, prevHead) = Newest(o.CheckpointDirectory);

        var entries = new List<CheckpointEntry>();
        await using (var cmd = db.CreateCommand("SELECT batch_id, content_hash, link_hash FROM integrity_links WHERE batch_id > @after ORDER BY batch_id"))
        {
            cmd.Parameters.AddWithValue("after", prevId);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) entries.Add(new CheckpointEntry(r.GetInt64(0), r.GetFieldValue<byte[]>(1), r.GetFieldValue<byte[]>(2)));
        }

        if (entries.Count == 0) return null;
        var head = entries[^1];
        var body = CheckpointFile.Body(o.Origin, head.BatchId, head.LinkHash, started, prevId, prevHead, entries);
        var signature = CheckpointSigner.Sign(key, body);
        var text = CheckpointFile.Signed(body, signature);
        var name = CheckpointFile.FileName(head.BatchId);
        var path = Path.Combine(o.CheckpointDirectory, name);
        var tmp = path + ".tmp";
        await File.WriteAllTextAsync(tmp, text, ct);
        File.Move(tmp, path, overwrite: true);

        await using (var cmd = db.CreateCommand("""
            INSERT INTO integrity_checkpoints (batch_id, head_hash, signed_at, file_name, body) VALUES (@b, @h, @t, @f, @body) ON CONFLICT (batch_id) DO NOTHING
            """))
        {
            cmd.Parameters.AddWithValue("b", head.BatchId);
            cmd.Parameters.AddWithValue("h", head.LinkHash);
            cmd.Parameters.AddWithValue("t", started);
            cmd.Parameters.AddWithValue("f", name);
            cmd.Parameters.AddWithValue("body", text);
            await cmd.ExecuteNonQueryAsync(ct);
        }

        logger.LogInformation("Integrity checkpoint {Origin} batch {BatchId} head {Head} signature {Signature} file {File}",
            o.Origin, head.BatchId, Convert.ToHexStringLower(head.LinkHash), Convert.ToBase64String(signature), name);
        await runs.RecordAsync("checkpoint", "service", started, time.GetUtcNow(), true, new { batchId = head.BatchId, batches = entries.Count, file = name }, ct);
        return CheckpointFile.TryParse(text, out _, out _);
    }

    /// <summary>The batch id and head of the newest checkpoint file in <paramref name="directory"/> (0 and the genesis hash when there is none).</summary>
    public static (long BatchId, byte[] Head) Newest(string directory)
    {
        var newest = Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "checkpoint-*.txt").Order(StringComparer.Ordinal).LastOrDefault()
            : null;
        if (newest is null) return (0, ChainHasher.Genesis);
        var file = CheckpointFile.TryParse(File.ReadAllText(newest), out _, out var error)
            ?? throw new InvalidOperationException($"Checkpoint file {newest} is malformed ({error}); move it aside to continue.");
        return (file.BatchId, file.Head);
    }
}
