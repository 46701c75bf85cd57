using Audit.Api.Auth;
using Audit.Api.Queries;
using Audit.Api.Validation;
using Audit.Infrastructure.Parsing;
using FluentValidation;
using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Audit.Api.Endpoints;

/// <summary>What to reparse: the raw lines received between <c>from</c> and <c>to</c> (ISO 8601).</summary>
/// <param name="OnlyUnparsed">Only lines no parser took last time (default false: every line, its old rows replaced).</param>
public sealed record ReparseRequest(string? From, string? To, bool OnlyUnparsed);

/// <summary>A reparse request and how far its job got; <c>Error</c> says why a finished one failed.</summary>
public sealed record ReparseStatus(
    long Id, DateTimeOffset From, DateTimeOffset To, bool OnlyUnparsed, string RequestedBy, DateTimeOffset RequestedAt,
    DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, int Batches, long Lines, string? Error = null);

public sealed class ReparseRequestValidator : AbstractValidator<ReparseRequest>
{
    public ReparseRequestValidator()
    {
        RuleFor(r => r.From).NotEmpty().Must(QueryWindow.IsPossible)
            .WithMessage("'from' must be an ISO 8601 date-time.");
        RuleFor(r => r.To).NotEmpty().Must(QueryWindow.IsPossible)
            .WithMessage("'to' must be an ISO 8601 date-time.");
        RuleFor(r => r).Must(r => !QueryWindow.TryParseTime(r.From, out var f) || !QueryWindow.TryParseTime(r.To, out var t) || f <= t)
            .OverridePropertyName("from").WithMessage("'from' must not be after 'to'.");
    }
}

/// <summary><c>/api/v1/admin/reparse</c>: reprocess stored lines after a parser improved (admin).</summary>
public static class ReparseEndpoints
{
    public static IEndpointRouteBuilder MapReparseEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/admin/reparse").WithTags("Admin").RequireAuthorization(Policies.Admin).WithQueryLog(); // admin actions are recorded too
        group.MapPost("", RequestReparseAsync).WithName("RequestReparse")
            .WithSummary("Reparse the raw lines received in a time range (or only the unparsed ones); runs as a background job.")
            .AddEndpointFilter<ValidationFilter<ReparseRequest>>().ProducesValidationProblem();
        group.MapGet("/{id:long}", GetReparseAsync).WithName("GetReparse").WithSummary("How far a reparse got.");
        return app;
    }

    public static async Task<Accepted<ReparseStatus>> RequestReparseAsync(
        ReparseRequest request, HttpContext http, NpgsqlDataSource db, IBackgroundJobClient jobs, TimeProvider time, CancellationToken ct)
    {
        // The validation filter ran: both parse.
        var (from, to) = QueryWindow.Resolve(request.From, request.To, time.GetUtcNow());
        await using var cmd = db.CreateCommand("""
            INSERT INTO reparse_requests (received_from, received_to, only_unparsed, requested_by, requested_at)
            VALUES (@from, @to, @only, @by, @at) RETURNING id
            """);
        cmd.Parameters.AddWithValue("from", from);
        cmd.Parameters.AddWithValue("to", to);
        cmd.Parameters.AddWithValue("only", request.OnlyUnparsed);
        cmd.Parameters.AddWithValue("by", http.User.Actor());
        cmd.Parameters.AddWithValue("at", time.GetUtcNow());
        var id = (long)(await cmd.ExecuteScalarAsync(ct))!;
        jobs.Enqueue<ReparseJob>(j => j.RunAsync(id, CancellationToken.None));
        return TypedResults.Accepted($"/api/v1/admin/reparse/{id}", (await LoadAsync(db, id, ct))!);
    }

    public static async Task<Results<Ok<ReparseStatus>, NotFound>> GetReparseAsync(long id, NpgsqlDataSource db, CancellationToken ct) =>
        await LoadAsync(db, id, ct) is { } status ? TypedResults.Ok(status) : TypedResults.NotFound();

    private static async Task<ReparseStatus?> LoadAsync(NpgsqlDataSource db, long id, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            SELECT id, received_from, received_to, only_unparsed, requested_by, requested_at, started_at, finished_at, batches, lines, error
            FROM reparse_requests WHERE id = @id
            """);
        cmd.Parameters.AddWithValue("id", id);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        return new ReparseStatus(r.GetInt64(0), r.GetFieldValue<DateTimeOffset>(1), r.GetFieldValue<DateTimeOffset>(2), r.GetBoolean(3), r.GetString(4),
            r.GetFieldValue<DateTimeOffset>(5), r.IsDBNull(6) ? null : r.GetFieldValue<DateTimeOffset>(6), r.IsDBNull(7) ? null : r.GetFieldValue<DateTimeOffset>(7),
            r.GetInt32(8), r.GetInt64(9), r.IsDBNull(10) ? null : r.GetString(10));
    }
}
