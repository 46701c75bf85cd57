using Audit.Infrastructure.Ingest;
using Audit.Infrastructure.Metrics;
using Audit.Infrastructure.Parsing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Audit.Api.Ingest;

/// <summary>
/// What every ingest route shares: the back-pressure check, reading the body within its limit, the
/// durable write and the parse signal. The routes differ only in how they split the body and answer.
/// </summary>
public sealed class IngestPipeline(RawBatchWriter writer, BacklogMonitor backlog, ParseDispatcher dispatcher, IOptions<IngestOptions> options)
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
            AuditCounters.Add("audit_ingest_refused_total", "database_unavailable", 1);
            return null;
        }

        if (result.Accepted > 0) dispatcher.Signal(result.BatchId);
        AuditCounters.Add("audit_ingest_lines_total", batch.Endpoint, result.Accepted);
        AuditCounters.Add("audit_ingest_duplicates_total", batch.Endpoint, result.Duplicates);
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
