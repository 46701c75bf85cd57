using System.Security.Cryptography;
using Audit.Infrastructure.Ingest;
using Audit.Infrastructure.Parsing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;

namespace Audit.Infrastructure.Redis;

/// <summary>
/// Moves Filebeat events from a Redis list into raw staging without a window for loss: a batch is moved
/// atomically to a processing list (LMOVE inside one script), committed to PostgreSQL, and only then
/// removed from the processing list. At start, whatever a crash left in the processing list is committed
/// again first; Filebeat events carry <c>log.offset</c> (dedup key) and every batch has an idempotency
/// key derived from its entries, so a batch committed just before the crash is not stored twice.
/// While ingest pushes back (backlog over its bound, database away) entries simply stay in Redis.
/// </summary>
public sealed class RedisListConsumer(
    IOptions<RedisOptions> options,
    RawBatchWriter writer,
    BacklogMonitor backlog,
    ParseDispatcher dispatcher,
    ILogger<RedisListConsumer> logger) : BackgroundService
{
    public const string Endpoint = "redis";
    private string _moveScript = RedisScripts.MoveBatch;
    private long _committed;

    /// <summary>Entries committed since start (duplicates included).</summary>
    public long Committed => Interlocked.Read(ref _committed);

    /// <summary>One list entry as the document Filebeat's <c>output.redis</c> pushes; never throws, never drops.</summary>
    public static RawLine Decode(ReadOnlySpan<byte> entry) => DocumentLineReader.Read(entry, default(IngestDefaults), null, "redis entry");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var config = ConfigurationOptions.Parse(o.ConnectionString);
        config.AbortOnConnectFail = false; // keep trying while Redis is away
        await using var redis = await ConnectionMultiplexer.ConnectAsync(config);
        var db = redis.GetDatabase(o.Database);
        RedisKey source = o.ListKey;
        RedisKey processing = o.EffectiveProcessingListKey;
        try
        {
            await RecoverAsync(db, processing, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                if (backlog.Overloaded)
                {
                    await Task.Delay(o.IdleDelayMs, stoppingToken);
                    continue;
                }

                var batch = await MoveBatchAsync(db, source, processing, stoppingToken);
                if (batch.Length == 0)
                {
                    await Task.Delay(o.IdleDelayMs, stoppingToken);
                    continue;
                }

                await CommitAndReleaseAsync(db, processing, batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: anything moved but not committed stays in the processing list for the next start.
        }
    }

    private async Task RecoverAsync(IDatabase db, RedisKey processing, CancellationToken ct)
    {
        while (true)
        {
            var leftover = await RetryAsync(() => db.ListRangeAsync(processing, 0, options.Value.BatchSize - 1), "read the processing list", ct);
            if (leftover.Length == 0) return;
            logger.LogInformation("Committing {Count} Redis entries a previous run left in {List}", leftover.Length, processing);
            await CommitAndReleaseAsync(db, processing, leftover, ct);
        }
    }

    private async Task<RedisValue[]> MoveBatchAsync(IDatabase db, RedisKey source, RedisKey processing, CancellationToken ct)
    {
        var count = options.Value.BatchSize;
        return await RetryAsync(async () =>
        {
            try
            {
                return (RedisValue[])(await db.ScriptEvaluateAsync(_moveScript, [source, processing], [count]))!;
            }
            catch (RedisServerException e) when (_moveScript == RedisScripts.MoveBatch && e.Message.Contains("unknown command", StringComparison.OrdinalIgnoreCase))
            {
                logger.LogInformation("Redis lacks LMOVE (before 6.2); moving entries with RPOPLPUSH");
                _moveScript = RedisScripts.MoveBatchLegacy;
                return (RedisValue[])(await db.ScriptEvaluateAsync(_moveScript, [source, processing], [count]))!;
            }
        }, "move entries to the processing list", ct);
    }

    private async Task CommitAndReleaseAsync(IDatabase db, RedisKey processing, RedisValue[] entries, CancellationToken ct)
    {
        var lines = new List<RawLine>(entries.Length);
        foreach (var entry in entries) lines.Add(Decode((byte[]?)entry ?? []));
        var batch = new IngestBatch(Endpoint, null, IdempotencyKey(entries), lines);

        IngestResult result;
        try
        {
            result = await RetryAsync(() => writer.WriteAsync(batch, ct), "commit Redis entries", ct, databaseCall: true);
        }
        catch (PostgresException e) when (Database.DataErrors.IsDataError(e))
        {
            // A data error is permanent: retrying the entries as they are would hold up the list forever.
            // Store each entry as its bare bytes with the reason, then release it like any committed entry.
            logger.LogError(e, "PostgreSQL refused {Count} Redis entries as documents ({SqlState}); storing them as raw entries", entries.Length, e.SqlState);
            result = await RetryAsync(() => writer.WriteAsync(batch with { Lines = [.. entries.Select(x => AsRawEntry(x, e))] }, ct), "commit Redis entries as raw", ct, databaseCall: true);
        }

        Interlocked.Add(ref _committed, entries.Length);
        if (result.Accepted > 0)
        {
            try
            {
                dispatcher.Signal(result.BatchId);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The recurring parse sweep picks the batch up; losing the signal only delays parsing.
                logger.LogWarning(e, "Could not signal the parser for batch {BatchId}", result.BatchId);
            }
        }

        await RetryAsync(() => db.ScriptEvaluateAsync(RedisScripts.Release, [processing], entries), "remove committed entries from the processing list", ct);

        // A drained list can be moved much faster than the monitor's period; re-read the backlog now
        // so the bound holds between its readings.
        await backlog.RefreshAsync(ct);
    }

    private async Task<T> RetryAsync<T>(Func<Task<T>> action, string what, CancellationToken ct, bool databaseCall = false)
    {
        for (var attempt = 1; ; attempt++)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                return await action();
            }
            catch (Exception e) when (e is not OperationCanceledException && !(e is PostgresException pg && Database.DataErrors.IsDataError(pg)))
            {
                if (databaseCall && e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException) backlog.ReportDatabaseDown();
                if (attempt == 1 || attempt % 30 == 0) logger.LogWarning(e, "Could not {What} (attempt {Attempt}); retrying", what, attempt);
                await Task.Delay(options.Value.RetryDelayMs, ct);
            }
        }
    }

    private RawLine AsRawEntry(RedisValue entry, PostgresException e)
    {
        var bytes = (byte[]?)entry ?? [];
        var text = Audit.Domain.Text.LineText.DecodeBounded(bytes, writer.MaxLineBytes, out var exact, out var kept, out _);
        var reason = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>
        {
            [RawLineGuard.ErrorField] = $"redis entry refused by PostgreSQL ({e.SqlState}), stored as it came",
        });
        return new RawLine("unknown", "redis", text, exact ? null : bytes[..kept], FieldsJson: reason);
    }

    // Same entries, same key: a batch re-committed after a crash is recognised even without offsets.
    private static string IdempotencyKey(RedisValue[] entries)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[4];
        foreach (var entry in entries)
        {
            var bytes = (byte[]?)entry ?? [];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
            hash.AppendData(length);
            hash.AppendData(bytes);
        }

        return "redis:" + Convert.ToHexString(hash.GetHashAndReset());
    }
}
