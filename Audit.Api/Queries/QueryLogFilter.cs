using System.Diagnostics;
using Audit.Api.Auth;
using Audit.Infrastructure.Queries;

namespace Audit.Api.Queries;

/// <summary>
/// Records every query against the audit store (the audit of the auditors): put on the read
/// groups, it writes who asked, the path and filters, the status and the row count before the answer
/// is sent. Streams are recorded with no row count. If the record cannot be written the query fails:
/// an unrecorded answer is what this guards against.
/// </summary>
public sealed class QueryLogFilter(QueryLogWriter log, TimeProvider time) : IEndpointFilter
{
    internal const string LoggedItem = "audit.query-logged";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await next(context);
        await log.WriteAsync(RecordOf(context.HttpContext, result, started, time), context.HttpContext.RequestAborted);
        context.HttpContext.Items[LoggedItem] = true;
        return result;
    }

    /// <summary>The record of one answered query; the console (Audit.Api/Ui) records its reads with it too.</summary>
    public static QueryRecord RecordOf(HttpContext http, object? result, long started, TimeProvider time)
    {
        var inner = result is INestedHttpResult nested ? nested.Result : result;
        var status = inner is IStatusCodeHttpResult { StatusCode: { } code } ? code : StatusCodes.Status200OK;
        int? rows = inner is IValueHttpResult { Value: ICountedResult counted } ? counted.RowCount : null;
        return Record(http, time, status, rows, started);
    }

    internal static QueryRecord Record(HttpContext http, TimeProvider time, int status, int? rows, long started) => new(
        time.GetUtcNow(), http.User.Identity?.IsAuthenticated == true ? http.User.Actor() : "anonymous", http.User.KeyIdOf(), http.Request.Method,
        http.Request.Path.Value ?? "", http.Request.QueryString.Value ?? "", status, rows, (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
}

/// <summary>Puts an endpoint (or group) under the query log: the filter for answered requests, the marker for the rest.</summary>
public static class QueryLogging
{
    public static TBuilder WithQueryLog<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, QueryLogFilter>().WithMetadata(new QueryLoggedEndpoint());
}

/// <summary>Marks an endpoint whose every request belongs in the query log.</summary>
public sealed record QueryLoggedEndpoint;

/// <summary>
/// Records the requests to query-logged endpoints that never reach <see cref="QueryLogFilter"/>: refused by
/// authentication or authorization (401, 403), throttled (429), or failed (500). Sits before authentication.
/// </summary>
public sealed class QueryLogMiddleware(RequestDelegate next, QueryLogWriter log, TimeProvider time, ILogger<QueryLogMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<QueryLoggedEndpoint>() is null)
        {
            await next(http);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(http);
        }
        catch (Exception) when (!http.Items.ContainsKey(QueryLogFilter.LoggedItem))
        {
            await TryWriteAsync(http, StatusCodes.Status500InternalServerError, started);
            throw;
        }

        if (!http.Items.ContainsKey(QueryLogFilter.LoggedItem)) await TryWriteAsync(http, http.Response.StatusCode, started);
    }

    private async Task TryWriteAsync(HttpContext http, int status, long started)
    {
        try
        {
            await log.WriteAsync(QueryLogFilter.Record(http, time, status, null, started), CancellationToken.None);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            // The request has already been refused or has failed; the log line says the record is missing.
            logger.LogError(e, "Could not record {Method} {Path} ({Status}) in the query log", http.Request.Method, http.Request.Path, status);
        }
    }
}
