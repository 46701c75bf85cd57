using Npgsql;

namespace Audit.Infrastructure.Integrity;

/// <summary>The verifier's answer; <see cref="Problem"/> is edited, missing, inserted, reordered, tail_cut or checkpoint (a file that does not verify).</summary>
public sealed record VerifyResult(bool Ok, long CheckedBatches, long CheckedLines, long? FirstBadBatchId, string? Problem, string Detail, long? CheckpointBatchId);

/// <summary>
/// Re-verifies the chain from raw staging: recomputes every sealed batch's content hash from its
/// stored lines and every link from its record, and compares them with the links in PostgreSQL and
/// — trusted over those — with the signed checkpoint files (signature checked with the public key).
/// Stops at the first bad batch and names it: a changed line or record (edited), a batch gone
/// (missing), one no checkpoint or link knows (inserted), one found under another batch's id
/// (reordered), batches gone from the end that a checkpoint vouched for (tail_cut). Batches sealed
/// after the newest checkpoint are checked against the links alone.
/// </summary>
public static class ChainVerifier
{
    public static async Task<VerifyResult> VerifyAsync(NpgsqlDataSource db, string? checkpointDirectory, string? publicKeyPath, CancellationToken ct, string? archiveDirectory = null)
    {
        var archives = new Dictionary<DateOnly, Dictionary<long, CheckpointEntry>?>();
        var expected = new SortedDictionary<long, CheckpointEntry>();
        long newestCheckpoint = 0;
        if (!string.IsNullOrEmpty(checkpointDirectory) && Directory.Exists(checkpointDirectory))
        {
            if (string.IsNullOrEmpty(publicKeyPath)) throw new ArgumentException("a public key is needed to trust the checkpoint files", nameof(publicKeyPath));
            var key = CheckpointSigner.LoadPublicKey(publicKeyPath);
            long prevId = 0;
            var prevHead = ChainHasher.Genesis;
            var first = true;
            foreach (var path in Directory.EnumerateFiles(checkpointDirectory, "checkpoint-*.txt").Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(path);
                var file = CheckpointFile.TryParse(await File.ReadAllTextAsync(path, ct), out var body, out var error);
                if (file is null) return Bad(0, 0, null, "checkpoint", $"{name} is malformed: {error}", null);
                if (!CheckpointSigner.Verify(key, body, file.Signature)) return Bad(0, 0, file.BatchId, "checkpoint", $"{name}: the signature does not verify with the public key", null);
                // The oldest files may have been moved away with an archive; from then on each must follow the one before.
                if (!first && (file.PreviousBatchId != prevId || !file.PreviousHead.AsSpan().SequenceEqual(prevHead)))
                {
                    return Bad(0, 0, file.BatchId, "checkpoint", $"{name} does not follow the checkpoint of batch {prevId} (a checkpoint file is missing)", null);
                }

                foreach (var e in file.Batches) expected[e.BatchId] = e;
                first = false;
                prevId = file.BatchId;
                prevHead = file.Head;
                newestCheckpoint = file.BatchId;
            }
        }

        long sealedHead;
        await using (var cmd = db.CreateCommand("SELECT coalesce(max(batch_id), 0) FROM integrity_links"))
        {
            sealedHead = (long)(await cmd.ExecuteScalarAsync(ct))!;
        }

        // Retention drops whole days of raw staging and records it; their links stay, so the chain runs on across them.
        DateOnly? droppedThrough = null;
        long droppedBatch = 0;
        await using (var cmd = db.CreateCommand("""
            SELECT max((detail->>'day')::date), coalesce(max((detail->>'throughBatch')::bigint), 0)
            FROM integrity_runs WHERE kind = 'drop' AND ok AND detail->>'table' = 'raw_batches'
            """))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            await r.ReadAsync(ct);
            if (!r.IsDBNull(0)) (droppedThrough, droppedBatch) = (r.GetFieldValue<DateOnly>(0), r.GetInt64(1));
        }

        long dropped = 0, archivedChecked = 0;
        var through = Math.Max(sealedHead, newestCheckpoint);
        using var pending = expected.Keys.Where(id => id <= through).GetEnumerator();
        var hasPending = pending.MoveNext();
        long checkedBatches = 0, checkedLines = 0;
        byte[]? running = null;
        long lastGood = 0;
        await foreach (var b in StoredChainReader.ReadAsync(db, 0, through, ct))
        {
            if (hasPending && pending.Current < b.Id)
            {
                return Bad(checkedBatches, checkedLines, pending.Current, "missing", $"batch {pending.Current} is in a checkpoint but not in the database", newestCheckpoint);
            }

            var inFiles = hasPending && pending.Current == b.Id;
            var entry = inFiles ? expected[b.Id] : null;
            if (inFiles) hasPending = pending.MoveNext();

            if (b.Record is null && b.Link is { } gone && gone.ReceivedOn <= droppedThrough && b.Id <= droppedBatch)
            {
                if (entry is not null && !gone.LinkHash.AsSpan().SequenceEqual(entry.LinkHash))
                {
                    return Bad(checkedBatches, checkedLines, b.Id, "edited", $"the link of dropped batch {b.Id} is not the one its checkpoint lists", newestCheckpoint);
                }

                // An archived day is checked from its files: its lines must hash to what the links sealed.
                if (!string.IsNullOrEmpty(archiveDirectory))
                {
                    if (!archives.TryGetValue(gone.ReceivedOn, out var archived))
                    {
                        archived = await RawDayArchive.CheckAsync(archiveDirectory, gone.ReceivedOn, ct) is null
                            ? (await RawDayArchive.ReadManifestAsync(archiveDirectory, gone.ReceivedOn, ct)).Batches.ToDictionary(e => e.BatchId)
                            : null;
                        archives[gone.ReceivedOn] = archived;
                    }

                    if (archived is not null && (!archived.TryGetValue(b.Id, out var a) || !a.ContentHash.AsSpan().SequenceEqual(gone.ContentHash) || !a.LinkHash.AsSpan().SequenceEqual(gone.LinkHash)))
                    {
                        return Bad(checkedBatches, checkedLines, b.Id, "edited", $"the archive of {gone.ReceivedOn:yyyy-MM-dd} does not hold batch {b.Id} as it was sealed", newestCheckpoint);
                    }

                    if (archived is not null) archivedChecked++;
                }

                running = gone.LinkHash;
                lastGood = b.Id;
                dropped++;
                continue;
            }

            if (b.Record is null)
            {
                return Bad(checkedBatches, checkedLines, b.Id, "missing", $"batch {b.Id} was sealed but its record is gone", newestCheckpoint);
            }

            if (b.Link is null)
            {
                if (b.Id > sealedHead && b.Id > newestCheckpoint) break; // not sealed yet
                return Bad(checkedBatches, checkedLines, b.Id, "inserted", $"batch {b.Id} is in raw_batches but no link sealed it", newestCheckpoint);
            }

            if (entry is null && b.Id <= newestCheckpoint)
            {
                return Bad(checkedBatches, checkedLines, b.Id, "inserted", $"batch {b.Id} is in the database but in no checkpoint", newestCheckpoint);
            }

            var wantContent = entry?.ContentHash ?? b.Link.ContentHash;
            if (!b.ContentHash.AsSpan().SequenceEqual(wantContent) || !b.ContentHash.AsSpan().SequenceEqual(b.Link.ContentHash))
            {
                var movedFrom = await FindContentAsync(db, expected, b.Id, b.ContentHash, ct);
                return movedFrom is { } other
                    ? Bad(checkedBatches, checkedLines, b.Id, "reordered", $"batch {b.Id} holds the lines sealed as batch {other}", newestCheckpoint)
                    : Bad(checkedBatches, checkedLines, b.Id, "edited", $"the stored lines of batch {b.Id} ({b.Lines}) do not hash to what was sealed", newestCheckpoint);
            }

            // The first link may follow batches that were archived and dropped; from then on each must follow the one before.
            running ??= b.Link.PrevHash;
            if (!b.Link.PrevHash.AsSpan().SequenceEqual(running))
            {
                return Bad(checkedBatches, checkedLines, b.Id, "missing", $"the link of batch {b.Id} does not follow batch {lastGood}: a batch between them is gone", newestCheckpoint);
            }

            var link = ChainHasher.Link(running, b.Record, b.ContentHash);
            if (!link.AsSpan().SequenceEqual(b.Link.LinkHash) || (entry is not null && !link.AsSpan().SequenceEqual(entry.LinkHash)))
            {
                return Bad(checkedBatches, checkedLines, b.Id, "edited", $"the record of batch {b.Id} (time, endpoint, key or counts) is not what was sealed", newestCheckpoint);
            }

            running = link;
            lastGood = b.Id;
            checkedBatches++;
            checkedLines += b.Lines;
        }

        if (hasPending)
        {
            return Bad(checkedBatches, checkedLines, pending.Current, "tail_cut",
                $"batches from {pending.Current} to {newestCheckpoint} are vouched for by a checkpoint but gone (the database ends at batch {lastGood})", newestCheckpoint);
        }

        return new VerifyResult(true, checkedBatches, checkedLines, null, null,
            $"{checkedBatches} batches ({checkedLines} lines) through batch {lastGood} verify" + (dropped > 0 ? $"; {dropped} batches of days dropped by retention (through {droppedThrough:yyyy-MM-dd}), {archivedChecked} of them verified from their archive" : "") + (newestCheckpoint > 0 ? $"; checkpoints through batch {newestCheckpoint}" : "; no checkpoint files"), newestCheckpoint == 0 ? null : newestCheckpoint);
    }

    private static VerifyResult Bad(long checkedBatches, long checkedLines, long? batch, string problem, string detail, long? checkpoint) =>
        new(false, checkedBatches, checkedLines, batch, problem, detail, checkpoint);

    /// <summary>Another batch id whose sealed content is <paramref name="content"/> (a batch moved to a new id).</summary>
    private static async Task<long?> FindContentAsync(NpgsqlDataSource db, SortedDictionary<long, CheckpointEntry> expected, long id, byte[] content, CancellationToken ct)
    {
        foreach (var (other, e) in expected)
        {
            if (other != id && e.ContentHash.AsSpan().SequenceEqual(content)) return other;
        }

        await using var cmd = db.CreateCommand("SELECT batch_id FROM integrity_links WHERE content_hash = @h AND batch_id <> @id LIMIT 1");
        cmd.Parameters.AddWithValue("h", content);
        cmd.Parameters.AddWithValue("id", id);
        return await cmd.ExecuteScalarAsync(ct) is long found ? found : null;
    }
}
