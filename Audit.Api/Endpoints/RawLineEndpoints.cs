using Audit.Api.Queries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Audit.Api.Endpoints;

/// <summary>One stored line exactly as it was received: <c>line</c> as text, <c>lineBytes</c> (base64) when the bytes differ.</summary>
public sealed record RawLineItem(long Id, DateTimeOffset ReceivedAt, string Host, string Source, string? Program, string Line, string? LineBytes) : ICountedResult
{
    int ICountedResult.RowCount => 1;
}

/// <summary><c>GET /api/v1/raw/{id}</c>: the raw line behind any entry (every entry carries its <c>rawId</c>).</summary>
public static class RawLineEndpoints
{
    public static IEndpointRouteBuilder MapRawLineEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapReadGroup("Raw lines").MapGet("/raw/{id:long}", GetRawLineAsync).WithName("GetRawLine")
            .WithSummary("The stored line an entry was parsed from, by its rawId.")
            .Produces<RawLineItem>().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Ok<RawLineItem>, ProblemHttpResult>> GetRawLineAsync(long id, QueryStore store, CancellationToken ct)
    {
        // Ids are unique across days; the primary key (id, received_on) answers this with one index probe per day partition.
        await using var cmd = store.DataSource.CreateCommand("SELECT id, received_at, host, source, program, line, line_bytes FROM raw_lines WHERE id = @id LIMIT 1");
        cmd.Parameters.AddWithValue("id", id);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return TypedResults.Problem(detail: $"No raw line {id}.", statusCode: StatusCodes.Status404NotFound);
        return TypedResults.Ok(new RawLineItem(r.GetInt64(0), r.GetFieldValue<DateTimeOffset>(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4),
            r.GetString(5), r.IsDBNull(6) ? null : Convert.ToBase64String(r.GetFieldValue<byte[]>(6))));
    }
}
