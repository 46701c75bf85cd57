using Audit.Infrastructure.Database;
using Audit.Infrastructure.Integrity;
using Audit.Infrastructure.Partitions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Audit.Infrastructure.Ingest;

/// <summary>
/// Stages a request's lines durably: drops lines whose dedup key was already stored (or repeats in
/// the same request), then in one transaction binary-COPYs the rest into raw_lines, records the batch
/// and queues it for parsing. Returns only after COMMIT.
/// Same-day duplicates are left to the unique index: the COPY is tried first, and only when it hits a
/// stored key (a retried batch, a concurrent retry) does the write run again, looking every key up
/// first. Earlier days' partitions are looked up before the COPY, but only for lines the shipper
/// stamped before today (or not at all): a line read today cannot have been stored yesterday.
/// </summary>
public sealed class RawBatchWriter(NpgsqlDataSource dataSource, PartitionManager partitions, IOptions<IngestOptions> options, TimeProvider time)
{
    public const int LineBits = 24;

    public int MaxLineBytes => options.Value.MaxLineBytes;

    public async Task<IngestResult> WriteAsync(IngestBatch batch, CancellationToken ct)
    {
        if (batch.Lines.Count >= 1 << LineBits) throw new ArgumentException("too many lines in one batch", nameof(batch));
        var storable = Storable(batch, conservative: false);
        var conservative = false;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await WriteOnceAsync(storable, lookUpToday: attempt > 0, ct);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && attempt < 3)
            {
                // Some keys were stored already (a retry) or by a concurrent request: look them all up.
            }
            catch (PostgresException e) when (DataErrors.IsDataError(e) && !conservative)
            {
                // Something RawLineGuard let through that PostgreSQL refused (class 22: data exception). One document
                // must not fail the batch: store every line with its fields as JSON text, noted, and try once more.
                conservative = true;
                storable = Storable(batch, conservative: true);
            }
        }
    }

    // Every line made storable, and its dedup key scoped to the sending key (no cross-key suppression).
    private IngestBatch Storable(IngestBatch batch, bool conservative)
    {
        var max = options.Value.MaxLineBytes;
        var lines = new RawLine[batch.Lines.Count];
        for (var i = 0; i < lines.Length; i++)
        {
            var line = RawLineGuard.MakeStorable(batch.Lines[i], max, conservative);
            lines[i] = line.DedupKey is { } k ? line with { DedupKey = DedupKey.Scoped(k, batch.KeyId) } : line;
        }

        return batch with { Lines = lines };
    }

    /// <summary>Shipper clocks run a little ahead; a line stamped this far into today may still have arrived yesterday.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromHours(1);

    private async Task<IngestResult> WriteOnceAsync(IngestBatch batch, bool lookUpToday, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var oldest = today.AddDays(-options.Value.DedupWindowDays);
        await partitions.EnsureAsync(Tables.RawLines.Name, [today], ct);
        await partitions.EnsureAsync(Tables.RawBatches.Name, [today], ct);

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var scope = batch.KeyId?.ToString("N") ?? "admin";
        if (batch.IdempotencyKey is not null)
        {
            var earlier = await FindIdempotentAsync(conn, scope, batch.IdempotencyKey, oldest, ct);
            if (earlier is not null) return earlier with { Duplicate = new bool[batch.Lines.Count] };
        }

        var todayStart = new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var duplicate = await MarkDuplicatesAsync(conn, batch.Lines, oldest, lookUpToday ? today : today.AddDays(-1),
            line => lookUpToday || line.ShipperTime is not { } t || t < todayStart + ClockSkew, ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var batchId = await NextBatchIdAsync(conn, tx, ct);
        var accepted = new List<(long Id, RawLine Line)>(batch.Lines.Count);
        for (var i = 0; i < batch.Lines.Count; i++)
        {
            if (!duplicate[i]) accepted.Add(((batchId << LineBits) | (long)i, batch.Lines[i]));
        }

        var contentHash = BatchContentHasher.Compute(batchId, now, accepted);
        if (accepted.Count > 0) await CopyLinesAsync(conn, accepted, today, now, ct);

        await using (var cmd = new NpgsqlCommand("""
            INSERT INTO raw_batches (received_on, id, received_at, endpoint, key_id, idempotency_scope, idempotency_key, line_count, accepted, duplicates, content_hash)
            VALUES (@day, @id, @at, @endpoint, @key, @scope, @idem, @lines, @accepted, @dups, @hash);
            INSERT INTO parse_queue (batch_id, received_on, line_count, enqueued_at)
            SELECT @id, @day, @accepted, @at WHERE @accepted > 0;
            """, conn, tx))
        {
            cmd.Parameters.AddWithValue("day", today);
            cmd.Parameters.AddWithValue("id", batchId);
            cmd.Parameters.AddWithValue("at", now);
            cmd.Parameters.AddWithValue("endpoint", batch.Endpoint);
            cmd.Parameters.AddWithValue("key", (object?)batch.KeyId ?? DBNull.Value);
            cmd.Parameters.AddWithValue("scope", batch.IdempotencyKey is null ? DBNull.Value : scope);
            cmd.Parameters.AddWithValue("idem", (object?)batch.IdempotencyKey ?? DBNull.Value);
            cmd.Parameters.AddWithValue("lines", batch.Lines.Count);
            cmd.Parameters.AddWithValue("accepted", accepted.Count);
            cmd.Parameters.AddWithValue("dups", batch.Lines.Count - accepted.Count);
            cmd.Parameters.AddWithValue("hash", contentHash);
            await cmd.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
        return new IngestResult(batchId, accepted.Count, batch.Lines.Count - accepted.Count, false, duplicate);
    }

    private static async Task<IngestResult?> FindIdempotentAsync(NpgsqlConnection conn, string scope, string key, DateOnly oldest, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            SELECT id, accepted, duplicates FROM raw_batches
            WHERE idempotency_scope = @scope AND idempotency_key = @key AND received_on >= @oldest
            ORDER BY id LIMIT 1
            """, conn);
        cmd.Parameters.AddWithValue("scope", scope);
        cmd.Parameters.AddWithValue("key", key);
        cmd.Parameters.AddWithValue("oldest", oldest);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new IngestResult(reader.GetInt64(0), reader.GetInt32(1), reader.GetInt32(2), true, []);
    }

    /// <summary>Flags lines whose key repeats in the batch or is stored in [oldest, newest] (only for lines <paramref name="lookUp"/> selects).</summary>
    private static async Task<bool[]> MarkDuplicatesAsync(NpgsqlConnection conn, IReadOnlyList<RawLine> lines, DateOnly oldest, DateOnly newest, Func<RawLine, bool> lookUp, CancellationToken ct)
    {
        var duplicate = new bool[lines.Count];
        List<Guid>? keys = null;
        foreach (var line in lines)
        {
            if (line.DedupKey is { } k && lookUp(line)) (keys ??= []).Add(k);
        }

        var stored = new HashSet<Guid>();
        if (keys is not null && newest >= oldest)
        {
            await using var cmd = new NpgsqlCommand("SELECT dedup_key FROM raw_lines WHERE dedup_key = ANY(@keys) AND received_on >= @oldest AND received_on <= @newest", conn);
            cmd.Parameters.AddWithValue("keys", keys.ToArray());
            cmd.Parameters.AddWithValue("oldest", oldest);
            cmd.Parameters.AddWithValue("newest", newest);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) stored.Add(reader.GetGuid(0));
        }

        var seen = new HashSet<Guid>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].DedupKey is { } k && (stored.Contains(k) || !seen.Add(k))) duplicate[i] = true;
        }

        return duplicate;
    }

    /// <summary>Taken inside the transaction, after the sealer's marker lock (see <see cref="SealWatermark"/>).</summary>
    private static async Task<long> NextBatchIdAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(SealWatermark.NextBatchIdSql, conn, tx);
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    private static Task CopyLinesAsync(NpgsqlConnection conn, List<(long Id, RawLine Line)> lines, DateOnly day, DateTimeOffset receivedAt, CancellationToken ct) =>
        TableCopy.CopyAsync(conn, Tables.RawLines, lines, async (w, r, ct) =>
        {
            var (id, line) = r;
            await w.Date(day, ct); await w.Long(id, ct); await w.Time(receivedAt, ct); await w.Text(line.Host, ct); await w.Text(line.Source, ct);
            await w.Text(line.Program, ct); await w.Time(line.ShipperTime, ct); await w.Text(line.TimeZone, ct); await w.Uuid(line.DedupKey, ct);
            await w.Text(line.Line, ct); await w.Bytes(line.LineBytes, ct); await w.Json(line.FieldsJson, ct);
        }, ct);
}
