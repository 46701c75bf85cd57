using Audit.Api.Auth;
using Audit.Infrastructure.Integrity;
using Audit.Infrastructure.Parsing;
using Audit.Infrastructure.Partitions;
using Hangfire;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Audit.Api.Endpoints;

/// <summary>Where the chain stands: the sealed head and the newest checkpoint.</summary>
public sealed record IntegrityState(long SealedThroughBatchId, string HeadHash, CheckpointInfo? LastCheckpoint, IntegrityVerification? LastVerification);

public sealed record CheckpointInfo(long BatchId, DateTimeOffset At, string File);

public sealed record IntegrityVerification(DateTimeOffset At, bool Ok, long? FirstBadBatchId, string? Problem, string Detail);

/// <summary>A day of raw staging to bring back from <c>Partitions:ArchiveDirectory</c>.</summary>
public sealed record RestoreRequest(DateOnly Day);

/// <summary>What a restore brought back, and the reparse that makes it queryable again (GET /api/v1/admin/reparse/{id}).</summary>
public sealed record RestoreResult(DateOnly Day, int Batches, long Lines, bool AlreadyHeld, long? ReparseId);

/// <summary>One row of the audit of the auditors.</summary>
public sealed record IntegrityRunItem(long Id, string Kind, string Actor, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, bool Ok, System.Text.Json.JsonElement Detail);

/// <summary>
/// <c>/api/v1/admin/integrity</c> (admin): the chain's head and newest checkpoint, a verification
/// run on demand (recorded, as every check is, in the audit of the auditors), and that record.
/// </summary>
public static class IntegrityEndpoints
{
    public static IEndpointRouteBuilder MapIntegrityEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/admin/integrity").WithTags("Admin").RequireAuthorization(Policies.Admin);
        group.MapGet("", GetStateAsync).WithName("GetIntegrity").WithSummary("The sealed chain head and the newest signed checkpoint.");
        group.MapPost("/verify", VerifyAsync).WithName("VerifyIntegrity")
            .WithSummary("Re-verify every sealed batch from its stored lines against the links and the signed checkpoint files; names the first bad batch.");
        group.MapPost("/restore", RestoreAsync).WithName("RestoreArchivedDay")
            .WithSummary("Bring an archived day of raw staging back (checked against its manifest and the chain), mark it restored and re-parse it.");
        group.MapGet("/runs", GetRunsAsync).WithName("GetIntegrityRuns")
            .WithSummary("The audit of the auditors: checks, checkpoints, archive, restore and verify runs, newest first.");
        return app;
    }

    public static async Task<Ok<IntegrityState>> GetStateAsync(NpgsqlDataSource db, IntegrityStatus status, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var (head, hash) = await SealingJob.HeadAsync(conn, ct);
        CheckpointInfo? checkpoint = null;
        await using (var cmd = new NpgsqlCommand("SELECT batch_id, signed_at, file_name FROM integrity_checkpoints ORDER BY batch_id DESC LIMIT 1", conn))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            if (await r.ReadAsync(ct)) checkpoint = new CheckpointInfo(r.GetInt64(0), r.GetFieldValue<DateTimeOffset>(1), r.GetString(2));
        }

        var last = status.Last is { } v ? new IntegrityVerification(status.LastAt!.Value, v.Ok, v.FirstBadBatchId, v.Problem, v.Detail) : null;
        return TypedResults.Ok(new IntegrityState(head, Convert.ToHexStringLower(hash), checkpoint, last));
    }

    public static async Task<Ok<VerifyResult>> VerifyAsync(HttpContext http, SelfVerifyJob verifier, CancellationToken ct) =>
        TypedResults.Ok(await verifier.RunAsync(http.User.Actor(), ct));

    public static async Task<Results<Ok<RestoreResult>, ProblemHttpResult>> RestoreAsync(
        RestoreRequest request, HttpContext http, NpgsqlDataSource db, IOptions<PartitionOptions> partitions, IBackgroundJobClient jobs, TimeProvider time, CancellationToken ct)
    {
        var root = partitions.Value.ArchiveDirectory;
        if (root.Length == 0) return TypedResults.Problem("Partitions:ArchiveDirectory is not set", statusCode: StatusCodes.Status409Conflict);
        var started = time.GetUtcNow();
        var runs = new IntegrityRunLog(db);
        (int Batches, long Lines) restored;
        try
        {
            restored = await RawDayArchive.RestoreAsync(db, root, request.Day, http.User.Actor(), ct);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
            await runs.RecordAsync("restore", http.User.Actor(), started, time.GetUtcNow(), false, new { day = request.Day, error = e.Message }, ct);
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status409Conflict);
        }

        long? reparse = null;
        if (restored.Batches > 0)
        {
            await using var cmd = db.CreateCommand("""
                INSERT INTO reparse_requests (received_from, received_to, only_unparsed, requested_by, requested_at) VALUES (@from, @to, false, @by, @at) RETURNING id
                """);
            cmd.Parameters.AddWithValue("from", new DateTimeOffset(request.Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
            cmd.Parameters.AddWithValue("to", new DateTimeOffset(request.Day.ToDateTime(TimeOnly.MaxValue), TimeSpan.Zero));
            cmd.Parameters.AddWithValue("by", http.User.Actor());
            cmd.Parameters.AddWithValue("at", started);
            var id = (long)(await cmd.ExecuteScalarAsync(ct))!;
            jobs.Enqueue<ReparseJob>(j => j.RunAsync(id, CancellationToken.None));
            reparse = id;
        }

        await runs.RecordAsync("restore", http.User.Actor(), started, time.GetUtcNow(), true, new { day = request.Day, restored.Batches, restored.Lines, reparseId = reparse }, ct);
        return TypedResults.Ok(new RestoreResult(request.Day, restored.Batches, restored.Lines, restored.Batches == 0, reparse));
    }

    public static async Task<Ok<List<IntegrityRunItem>>> GetRunsAsync(NpgsqlDataSource db, CancellationToken ct, int limit = 100)
    {
        var list = new List<IntegrityRunItem>();
        await using var cmd = db.CreateCommand("SELECT id, kind, actor, started_at, finished_at, ok, detail::text FROM integrity_runs ORDER BY id DESC LIMIT @limit");
        cmd.Parameters.AddWithValue("limit", Math.Clamp(limit, 1, 1000));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            using var doc = System.Text.Json.JsonDocument.Parse(r.GetString(6));
            list.Add(new IntegrityRunItem(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetFieldValue<DateTimeOffset>(3), r.GetFieldValue<DateTimeOffset>(4), r.GetBoolean(5), doc.RootElement.Clone()));
        }

        return TypedResults.Ok(list);
    }
}
