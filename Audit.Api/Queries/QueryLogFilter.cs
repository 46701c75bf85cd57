using System.Diagnostics;
using Audit.Api.Auth;
using Audit.Infrastructure.Queries;

namespace Audit.Api.Queries;

/// <summary>
/// Records every query against the audit store (SPEC §5, the audit of the auditors): put on the read
/// groups, it writes who asked, the path and filters, the status and the row count before the answer
/// is sent. Streams are recorded with no row count. If the record cannot be written the query fails:
/// an unrecorded answer is what this guards against.
/// </summary>
public sealed class QueryLogFilter(QueryLogWriter log, TimeProvider time) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await next(context);
        await log.WriteAsync(RecordOf(context.HttpContext, result, started, time), context.HttpContext.RequestAborted);
        return result;
    }

    /// <summary>The record of one answered query; the console (Audit.Api/Ui) records its reads with it too.</summary>
    public static QueryRecord RecordOf(HttpContext http, object? result, long started, TimeProvider time)
    {
        var inner = result is INestedHttpResult nested ? nested.Result : result;
        var status = inner is IStatusCodeHttpResult { StatusCode: { } code } ? code : StatusCodes.Status200OK;
        int? rows = inner is IValueHttpResult { Value: ICountedResult counted } ? counted.RowCount : null;
        return new QueryRecord(
            time.GetUtcNow(), http.User.Actor(), http.User.KeyIdOf(), http.Request.Method, http.Request.Path.Value ?? "",
            http.Request.QueryString.Value ?? "", status, rows, (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
}
