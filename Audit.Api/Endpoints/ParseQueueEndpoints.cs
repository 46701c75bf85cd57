using Audit.Api.Auth;
using Audit.Infrastructure.Parsing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Audit.Api.Endpoints;

/// <summary>How the parse queue stands, with the batches the parser quarantined (at most 1000 listed).</summary>
public sealed record ParseQueueView(long QueuedBatches, double OldestQueuedSeconds, long QuarantinedBatches, IReadOnlyList<QuarantinedBatch> Quarantined);

/// <summary>
/// <c>/api/v1/admin/parse-queue</c> (admin): the batches the parser set aside after repeated failures,
/// and a retry for each (one more lone attempt; it returns to quarantine if it fails again).
/// </summary>
public static class ParseQueueEndpoints
{
    public static IEndpointRouteBuilder MapParseQueueEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/admin/parse-queue").WithTags("Admin").RequireAuthorization(Policies.Admin);
        group.MapGet("", GetParseQueueAsync).WithName("GetParseQueue")
            .WithSummary("Queued and quarantined batches: what the parser could not finish and why.");
        group.MapPost("/{batchId:long}/retry", RetryBatchAsync).WithName("RetryQuarantinedBatch")
            .WithSummary("Gives a quarantined batch one more parse attempt.");
        return app;
    }

    public static async Task<Ok<ParseQueueView>> GetParseQueueAsync(ParseQueue queue, CancellationToken ct)
    {
        var stats = await queue.StatsAsync(ct);
        return TypedResults.Ok(new ParseQueueView(stats.QueuedBatches, stats.OldestQueuedSeconds, stats.QuarantinedBatches, await queue.QuarantinedAsync(ct)));
    }

    public static async Task<Results<Accepted, NotFound>> RetryBatchAsync(long batchId, ParseQueue queue, ParseDispatcher dispatcher, CancellationToken ct)
    {
        if (!await queue.RetryAsync(batchId, ct)) return TypedResults.NotFound();
        dispatcher.Signal(batchId);
        return TypedResults.Accepted("/api/v1/admin/parse-queue");
    }
}
