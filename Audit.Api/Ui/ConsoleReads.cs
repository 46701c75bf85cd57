using System.Diagnostics;
using Audit.Api.Queries;
using Audit.Infrastructure.Database;
using Audit.Infrastructure.Queries;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Audit.Api.Ui;

/// <summary>What a console page got from a read: the value, or the reasons it was refused (with the status the API would answer).</summary>
public sealed record ConsoleRead<T>(T? Value, int Status, IReadOnlyList<string> Errors)
{
    public bool Ok => Value is not null;
}

/// <summary>
/// The console reads exactly as the API does: the API's validator for the query record, then the
/// endpoint's own handler (same limits, cursors and SQL), then the same query-log record the read
/// groups write (<see cref="QueryLogFilter.RecordOf"/>), with the console page's path and query string.
/// </summary>
public sealed class ConsoleReads(IServiceProvider services, ListRunner runner, QueryLogWriter log, TimeProvider time)
{
    public async Task<ConsoleRead<T>> RunAsync<TQuery, TResult, T>(HttpContext http, TQuery query, Func<TQuery, Task<TResult>> handler)
        where TResult : IResult
    {
        var started = Stopwatch.GetTimestamp();
        var validation = await services.GetRequiredService<IValidator<TQuery>>().ValidateAsync(query, http.RequestAborted);
        IResult result = validation.IsValid ? await handler(query) : TypedResults.ValidationProblem(validation.ToDictionary());
        return await RecordAsync<T>(http, result, started);
    }

    /// <summary>A list endpoint's read: one keyset page, from the endpoint's own source.</summary>
    public Task<ConsoleRead<Page<TItem>>> ListAsync<TQuery, TRow, TItem>(HttpContext http, TQuery query, ListSource<TQuery, TRow, TItem> source)
        where TQuery : IListQuery
        where TRow : class, IEventRow =>
        ListAsync(http, query, q => runner.RunAsync(http, q, http.RequestServices.GetRequiredService<QueryStore>(), source, http.RequestAborted));

    /// <summary>A list endpoint's read: one keyset page.</summary>
    public Task<ConsoleRead<Page<TItem>>> ListAsync<TQuery, TItem>(
        HttpContext http, TQuery query, Func<TQuery, Task<Results<Ok<Page<TItem>>, PushStreamHttpResult, ProblemHttpResult>>> handler) =>
        RunAsync<TQuery, Results<Ok<Page<TItem>>, PushStreamHttpResult, ProblemHttpResult>, Page<TItem>>(http, query, handler);

    /// <summary>A read whose endpoint checks its own arguments (e.g. <c>/sessions/{id}</c>).</summary>
    public async Task<ConsoleRead<T>> RunAsync<TResult, T>(HttpContext http, Func<Task<TResult>> handler)
        where TResult : IResult
    {
        var started = Stopwatch.GetTimestamp();
        return await RecordAsync<T>(http, await handler(), started);
    }

    private async Task<ConsoleRead<T>> RecordAsync<T>(HttpContext http, IResult result, long started)
    {
        var record = QueryLogFilter.RecordOf(http, result, started, time);
        await log.WriteAsync(record, http.RequestAborted);
        var inner = result is INestedHttpResult nested ? nested.Result : result;
        return inner switch
        {
            IValueHttpResult { Value: T value } => new ConsoleRead<T>(value, record.Status, []),
            ValidationProblem v => new ConsoleRead<T>(default, record.Status, v.ProblemDetails.Errors.SelectMany(e => e.Value).ToList()),
            ProblemHttpResult p => new ConsoleRead<T>(default, record.Status, [p.ProblemDetails.Detail ?? p.ProblemDetails.Title ?? "refused"]),
            _ => new ConsoleRead<T>(default, record.Status, [$"unexpected answer ({record.Status})"]),
        };
    }
}
