using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Threading.RateLimiting;
using Audit.Api.Auth;
using Audit.Infrastructure.Ingest;
using Audit.Infrastructure.Metrics;
using Audit.Infrastructure.Parsing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Audit.Api.Ingest;

/// <summary>
/// What every ingest route shares: the back-pressure check, reading the body within its limit, the
/// durable write and the parse signal. The routes differ only in how they split the body and answer.
/// </summary>
public sealed class IngestPipeline(RawBatchWriter writer, BacklogMonitor backlog, ParseDispatcher dispatcher, AuditCounters counters, IOptions<IngestOptions> options)
{
    public IngestOptions Options => options.Value;

    /// <summary>True when ingest should push back now (database away or backlog over its bound).</summary>
    public bool Overloaded => backlog.Overloaded;

    public Task<(BodyReadStatus Status, BodyBuffer? Body)> ReadBodyAsync(HttpRequest request, CancellationToken ct) =>
        RequestBodyReader.ReadAsync(request, options.Value.MaxBodyBytes, ct);

    /// <summary>Commits the batch and signals the parser; null when PostgreSQL could not be reached.</summary>
    public async Task<IngestResult?> CommitAsync(IngestBatch batch, CancellationToken ct)
    {
        IngestResult result;
        try
        {
            result = await writer.WriteAsync(batch, ct);
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            backlog.ReportDatabaseDown();
            counters.Add("audit_ingest_refused_total", "database_unavailable", 1);
            return null;
        }

        if (result.Accepted > 0) dispatcher.Signal(result.BatchId);
        counters.Add("audit_ingest_lines_total", batch.Endpoint, result.Accepted);
        counters.Add("audit_ingest_duplicates_total", batch.Endpoint, result.Duplicates);
        return result;
    }

    public void SetRetryAfter(HttpResponse response) =>
        response.Headers.RetryAfter = options.Value.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static bool IsUnavailable(Exception e) => e switch
    {
        PostgresException pg => pg.IsTransient || pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("57P", StringComparison.Ordinal) || pg.SqlState == "53300",
        NpgsqlException or TimeoutException or System.Net.Sockets.SocketException => true,
        _ => false,
    };
}

/// <summary>
/// Reads a request body into memory, undoing <c>Content-Encoding: gzip</c> (or deflate) and
/// stopping as soon as the decoded size passes the limit — a gzip bomb costs at most the limit.
/// </summary>
public static class RequestBodyReader
{
    public static async Task<(BodyReadStatus Status, BodyBuffer? Body)> ReadAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes) return (BodyReadStatus.TooLarge, null);
        var encoding = request.Headers.ContentEncoding.ToString().Trim().ToLowerInvariant();
        Stream source;
        switch (encoding)
        {
            case "" or "identity":
                source = request.Body;
                break;
            case "gzip" or "x-gzip":
                source = new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true);
                break;
            case "deflate":
                source = new ZLibStream(request.Body, CompressionMode.Decompress, leaveOpen: true);
                break;
            default:
                return (BodyReadStatus.UnsupportedEncoding, null);
        }

        var body = new BodyBuffer((int)Math.Min(request.ContentLength ?? 64 * 1024, maxBytes), maxBytes);
        try
        {
            while (true)
            {
                var space = body.GetFreeSpace(64 * 1024);
                var read = await source.ReadAsync(space, ct);
                if (read == 0) break;
                body.Advance(read);
                if (body.Length > maxBytes)
                {
                    body.Dispose();
                    return (BodyReadStatus.TooLarge, null);
                }
            }
        }
        catch (InvalidDataException)
        {
            body.Dispose();
            return (BodyReadStatus.Corrupt, null);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            body.Dispose();
            return (BodyReadStatus.TooLarge, null);
        }
        finally
        {
            if (!ReferenceEquals(source, request.Body)) await source.DisposeAsync();
        }

        return (BodyReadStatus.Ok, body);
    }
}

public enum BodyReadStatus
{
    Ok = 0,
    TooLarge = 1,
    UnsupportedEncoding = 2,
    Corrupt = 3,
}

/// <summary>
/// A request body held in one array; dispose to let it go. Small arrays come from the shared pool; large ones
/// (past <see cref="PooledMax"/>) are plain allocations, because the pool keeps what it is given and a few
/// 32 MiB bodies would otherwise stay resident for good. Growth never goes past the limit the caller reads to.
/// </summary>
public sealed class BodyBuffer : IDisposable
{
    private const int PooledMax = 1024 * 1024;
    private readonly long _limit;
    private byte[] _array;

    public BodyBuffer(int initialCapacity, long limit = int.MaxValue)
    {
        _limit = limit;
        _array = Rent(Math.Max(initialCapacity, 4096));
    }

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => _array.AsSpan(0, Length);

    public ReadOnlyMemory<byte> Memory => _array.AsMemory(0, Length);

    /// <summary>Room to read into, growing the array when full (to at most the limit plus <paramref name="atLeast"/>).</summary>
    public Memory<byte> GetFreeSpace(int atLeast)
    {
        if (_array.Length - Length < atLeast)
        {
            var size = (int)Math.Min(Math.Max((long)_array.Length * 2, (long)Length + atLeast), Math.Min(_limit + atLeast + 1, Array.MaxLength));
            var bigger = Rent(Math.Max(size, Length + atLeast));
            _array.AsSpan(0, Length).CopyTo(bigger);
            Return(_array);
            _array = bigger;
        }

        return _array.AsMemory(Length);
    }

    public void Advance(int count) => Length += count;

    public void Dispose()
    {
        var a = _array;
        _array = [];
        Return(a);
    }

    private static byte[] Rent(int size) => size <= PooledMax ? ArrayPool<byte>.Shared.Rent(size) : GC.AllocateUninitializedArray<byte>(size);

    private static void Return(byte[] a)
    {
        if (a.Length is > 0 and <= PooledMax) ArrayPool<byte>.Shared.Return(a);
    }
}

/// <summary>
/// Bounds what ingest may hold at once and what one key may send, with ASP.NET Core's rate limiter: every ingest
/// route shares one concurrency limit (each request holds its body in memory, so this bounds the API's memory),
/// and each ingest key has its own token bucket. Refusals are 429 with Retry-After, which every shipper retries.
/// </summary>
public static class IngestRateLimits
{
    public const string Policy = "ingest";
    private const string ConcurrencyPartition = "ingest-concurrency";

    /// <summary>Marks an endpoint as ingest: under the shared concurrency limit and the per-key bucket.</summary>
    public static TBuilder RequireIngestLimits<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireRateLimiting(Policy).WithMetadata(new IngestEndpointMarker());

    public static IServiceCollection AddIngestRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<IngestOptions>>((o, ingest) =>
        {
            var i = ingest.Value;
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                http.GetEndpoint()?.Metadata.GetMetadata<IngestEndpointMarker>() is null
                    ? RateLimitPartition.GetNoLimiter("other")
                    : RateLimitPartition.GetConcurrencyLimiter(ConcurrencyPartition, _ => new ConcurrencyLimiterOptions
                    {
                        PermitLimit = i.MaxConcurrentRequests,
                        QueueLimit = i.MaxQueuedRequests,
                        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                    }));
            o.AddPolicy(Policy, http => RateLimitPartition.GetTokenBucketLimiter(PartitionOf(http), _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = i.BurstPerKey,
                TokensPerPeriod = i.RequestsPerSecondPerKey,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
            o.OnRejected = (context, ct) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after)
                    ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds))
                    : i.RetryAfterSeconds;
                var response = context.HttpContext.Response;
                response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                context.HttpContext.RequestServices.GetRequiredService<AuditCounters>().Add("audit_ingest_refused_total", "rate_limited", 1);
                var native = context.HttpContext.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal);
                return native
                    ? new ValueTask(Results.Problem(detail: $"Too many ingest requests; retry after {seconds} s.", statusCode: 429).ExecuteAsync(context.HttpContext))
                    : new ValueTask(response.WriteAsJsonAsync(new
                    {
                        error = new { type = "es_rejected_execution_exception", reason = $"too many ingest requests; retry after {seconds} s" },
                        status = 429,
                    }, ct));
            };
        });
        return services;
    }

    // The key's id once authenticated; the caller's address otherwise (the request is refused at authorization anyway).
    private static string PartitionOf(HttpContext http) =>
        http.User.KeyIdOf()?.ToString("N") ?? (http.User.Identity?.IsAuthenticated == true ? "admin" : "ip:" + http.Connection.RemoteIpAddress);

    private sealed record IngestEndpointMarker;
}
