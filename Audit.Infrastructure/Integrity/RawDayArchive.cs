using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Audit.Infrastructure.Database;
using Npgsql;

namespace Audit.Infrastructure.Integrity;

/// <summary>One archived raw_batches row with its chain link (times in microseconds since 1970).</summary>
public sealed record ArchivedBatch(long Id, DateOnly ReceivedOn, long ReceivedAtMicros, string Endpoint, Guid? KeyId, string? IdempotencyScope, string? IdempotencyKey,
    int LineCount, int Accepted, int Duplicates, byte[] IngestContentHash, byte[] ContentHash, byte[] PrevHash, byte[] LinkHash);

/// <summary>The manifest tying an archived day to the chain: every batch's content and link hash, and each file's SHA-256.</summary>
public sealed record ArchiveManifest(DateOnly Day, long Lines, IReadOnlyList<CheckpointEntry> Batches, IReadOnlyDictionary<string, string> Files, DateTimeOffset CreatedAt);

/// <summary>
/// A day of raw staging as files: <c>raw-YYYY-MM-DD/batches.ndjson.gz</c> (records and links),
/// <c>lines.ndjson.gz</c> (every column, exact bytes in base64) and <c>manifest.json</c> (hashes). Written
/// to a temporary folder, read back and checked against the chain, then renamed: a folder that exists
/// is complete. Restore appends the rows again (the service's own INSERT grant suffices).
/// </summary>
public static class RawDayArchive
{
    private const string BatchesFile = "batches.ndjson.gz", LinesFile = "lines.ndjson.gz", ManifestFile = "manifest.json";

    public static string Folder(string root, DateOnly day) => Path.Combine(root, $"raw-{day:yyyy-MM-dd}");

    public static async Task<ArchiveManifest> ArchiveAsync(NpgsqlDataSource db, string root, DateOnly day, CancellationToken ct)
    {
        var final = Folder(root, day);
        var tmp = final + ".tmp";
        if (Directory.Exists(tmp)) Directory.Delete(tmp, recursive: true);
        Directory.CreateDirectory(tmp);

        var batches = new List<ArchivedBatch>();
        await using (var cmd = db.CreateCommand("""
            SELECT b.id, b.received_on, b.received_at, b.endpoint, b.key_id, b.idempotency_scope, b.idempotency_key, b.line_count, b.accepted, b.duplicates, b.content_hash,
                   l.content_hash, l.prev_hash, l.link_hash
            FROM raw_batches b LEFT JOIN integrity_links l ON l.batch_id = b.id WHERE b.received_on = @day ORDER BY b.id
            """))
        {
            cmd.Parameters.AddWithValue("day", day);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                if (r.IsDBNull(11)) throw new InvalidOperationException($"batch {r.GetInt64(0)} of {day:yyyy-MM-dd} is not sealed yet; the day is not archived");
                batches.Add(new ArchivedBatch(r.GetInt64(0), r.GetFieldValue<DateOnly>(1), StoredChainReader.Micros(r.GetDateTime(2)), r.GetString(3), r.IsDBNull(4) ? null : r.GetGuid(4),
                    r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6), r.GetInt32(7), r.GetInt32(8), r.GetInt32(9),
                    r.GetFieldValue<byte[]>(10), r.GetFieldValue<byte[]>(11), r.GetFieldValue<byte[]>(12), r.GetFieldValue<byte[]>(13)));
            }
        }

        await WriteNdjsonAsync(Path.Combine(tmp, BatchesFile), batches.ToAsyncEnumerable(), ct);
        long lines = 0;
        await using (var cmd = db.CreateCommand("""
            SELECT id, received_on, received_at, host, source, program, shipper_time, time_zone, dedup_key, line, line_bytes, fields::text
            FROM raw_lines WHERE received_on = @day ORDER BY id
            """))
        {
            cmd.Parameters.AddWithValue("day", day);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            async IAsyncEnumerable<StoredRawLine> Rows()
            {
                while (await r.ReadAsync(ct))
                {
                    lines++;
                    yield return new StoredRawLine(r.GetInt64(0), r.GetFieldValue<DateOnly>(1), StoredChainReader.Micros(r.GetDateTime(2)), r.GetString(3), r.GetString(4),
                        r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : StoredChainReader.Micros(r.GetDateTime(6)), r.IsDBNull(7) ? null : r.GetString(7),
                        r.IsDBNull(8) ? null : r.GetGuid(8), r.GetString(9), r.IsDBNull(10) ? null : r.GetFieldValue<byte[]>(10), r.IsDBNull(11) ? null : r.GetString(11));
                }
            }

            await WriteNdjsonAsync(Path.Combine(tmp, LinesFile), Rows(), ct);
        }

        var manifest = new ArchiveManifest(day, lines, [.. batches.Select(b => new CheckpointEntry(b.Id, b.ContentHash, b.LinkHash))],
            new Dictionary<string, string> { [BatchesFile] = await Sha256Async(Path.Combine(tmp, BatchesFile), ct), [LinesFile] = await Sha256Async(Path.Combine(tmp, LinesFile), ct) },
            DateTimeOffset.UtcNow);
        await File.WriteAllTextAsync(Path.Combine(tmp, ManifestFile), JsonSerializer.Serialize(manifest, JsonSerializerOptions.Web), ct);
        var problem = await CheckFolderAsync(tmp, ct);
        if (problem is not null) throw new InvalidOperationException($"the archive of {day:yyyy-MM-dd} does not read back: {problem}");
        if (Directory.Exists(final)) Directory.Delete(final, recursive: true);
        Directory.Move(tmp, final);
        return manifest;
    }

    /// <summary>Null when the archived day's files match its manifest and every batch's lines hash to the content hash its link sealed; else what is wrong.</summary>
    public static Task<string?> CheckAsync(string root, DateOnly day, CancellationToken ct) =>
        Directory.Exists(Folder(root, day)) ? CheckFolderAsync(Folder(root, day), ct) : Task.FromResult<string?>("no archive");

    public static async Task<ArchiveManifest> ReadManifestAsync(string root, DateOnly day, CancellationToken ct) =>
        JsonSerializer.Deserialize<ArchiveManifest>(await File.ReadAllTextAsync(Path.Combine(Folder(root, day), ManifestFile), ct), JsonSerializerOptions.Web)!;

    /// <summary>Appends an archived day back into raw staging and records it in restored_days; returns (batches, lines), or (0, 0) when the day is held already.</summary>
    public static async Task<(int Batches, long Lines)> RestoreAsync(NpgsqlDataSource db, string root, DateOnly day, string actor, CancellationToken ct)
    {
        var problem = await CheckAsync(root, day, ct);
        if (problem is not null) throw new InvalidOperationException($"the archive of {day:yyyy-MM-dd} does not verify: {problem}");
        var folder = Folder(root, day);
        await using var conn = await db.OpenConnectionAsync(ct);
        foreach (var table in new[] { Tables.RawLines.Name, Tables.RawBatches.Name })
        {
            await using var ensure = new NpgsqlCommand("SELECT audit_ensure_partition(@t, @d)", conn);
            ensure.Parameters.AddWithValue("t", table);
            ensure.Parameters.AddWithValue("d", day);
            await ensure.ExecuteScalarAsync(ct);
        }

        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var held = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM raw_batches WHERE received_on = @d)", conn, tx))
        {
            held.Parameters.AddWithValue("d", day);
            if ((bool)(await held.ExecuteScalarAsync(ct))!) return (0, 0);
        }

        var batches = 0;
        await using (var w = await TableCopy.BeginAsync(conn, Tables.RawBatches, ct))
        {
            await foreach (var b in ReadNdjsonAsync<ArchivedBatch>(Path.Combine(folder, BatchesFile), ct))
            {
                await w.StartRowAsync(ct);
                await w.Date(b.ReceivedOn, ct); await w.Long(b.Id, ct); await w.Time(FromMicros(b.ReceivedAtMicros), ct); await w.Text(b.Endpoint, ct);
                await w.Uuid(b.KeyId, ct); await w.Text(b.IdempotencyScope, ct); await w.Text(b.IdempotencyKey, ct); await w.Int(b.LineCount, ct);
                await w.Int(b.Accepted, ct); await w.Int(b.Duplicates, ct); await w.Bytes(b.IngestContentHash, ct);
                batches++;
            }

            await w.CompleteAsync(ct);
        }

        long lines = 0;
        await using (var w = await TableCopy.BeginAsync(conn, Tables.RawLines, ct))
        {
            await foreach (var l in ReadNdjsonAsync<StoredRawLine>(Path.Combine(folder, LinesFile), ct))
            {
                await w.StartRowAsync(ct);
                await w.Date(l.ReceivedOn, ct); await w.Long(l.Id, ct); await w.Time(FromMicros(l.ReceivedAtMicros), ct); await w.Text(l.Host, ct);
                await w.Text(l.Source, ct); await w.Text(l.Program, ct); await w.Time(l.ShipperTimeMicros is { } st ? FromMicros(st) : null, ct);
                await w.Text(l.TimeZone, ct); await w.Uuid(l.DedupKey, ct); await w.Text(l.Line, ct); await w.Bytes(l.LineBytes, ct); await w.Json(l.Fields, ct);
                lines++;
            }

            await w.CompleteAsync(ct);
        }

        await using (var mark = new NpgsqlCommand("INSERT INTO restored_days (day, restored_at, restored_by, batches, lines) VALUES (@d, now(), @by, @b, @l) ON CONFLICT (day) DO NOTHING", conn, tx))
        {
            mark.Parameters.AddWithValue("d", day);
            mark.Parameters.AddWithValue("by", actor);
            mark.Parameters.AddWithValue("b", batches);
            mark.Parameters.AddWithValue("l", lines);
            await mark.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
        return (batches, lines);
    }

    private static async Task<string?> CheckFolderAsync(string folder, CancellationToken ct)
    {
        var manifest = JsonSerializer.Deserialize<ArchiveManifest>(await File.ReadAllTextAsync(Path.Combine(folder, ManifestFile), ct), JsonSerializerOptions.Web)!;
        foreach (var (file, sha) in manifest.Files)
        {
            if (await Sha256Async(Path.Combine(folder, file), ct) != sha) return $"{file} does not match its SHA-256 in the manifest";
        }

        var expected = manifest.Batches.ToDictionary(b => b.BatchId);
        var seen = new Dictionary<long, byte[]>();
        using var hasher = new ChainHasher();
        long current = -1;
        await foreach (var line in ReadNdjsonAsync<StoredRawLine>(Path.Combine(folder, LinesFile), ct))
        {
            var batch = line.Id >> 24;
            if (batch != current)
            {
                if (current >= 0) seen[current] = hasher.FinishContent();
                current = batch;
            }

            hasher.AddLine(line);
        }

        if (current >= 0) seen[current] = hasher.FinishContent();
        foreach (var (id, entry) in expected)
        {
            var content = seen.TryGetValue(id, out var c) ? c : SHA256.HashData(ReadOnlySpan<byte>.Empty);
            if (!content.AsSpan().SequenceEqual(entry.ContentHash)) return $"the lines of batch {id} do not hash to its sealed content hash";
        }

        return seen.Keys.FirstOrDefault(id => !expected.ContainsKey(id)) is var stray and > 0 ? $"lines of batch {stray}, which the manifest does not list" : null;
    }

    private static async Task WriteNdjsonAsync<T>(string path, IAsyncEnumerable<T> rows, CancellationToken ct)
    {
        await using var file = File.Create(path);
        await using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        var newline = "\n"u8.ToArray();
        await foreach (var row in rows.WithCancellation(ct))
        {
            await JsonSerializer.SerializeAsync(gzip, row, JsonSerializerOptions.Web, ct);
            await gzip.WriteAsync(newline, ct);
        }
    }

    private static async IAsyncEnumerable<T> ReadNdjsonAsync<T>(string path, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var file = File.OpenRead(path);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length > 0) yield return JsonSerializer.Deserialize<T>(line, JsonSerializerOptions.Web)!;
        }
    }

    private static async Task<string> Sha256Async(string path, CancellationToken ct)
    {
        await using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, ct));
    }

    private static DateTimeOffset FromMicros(long micros) => DateTimeOffset.UnixEpoch.AddTicks(micros * 10);
}
