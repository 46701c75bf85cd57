using Audit.Api.Auth;
using Audit.Infrastructure.Integrity;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Audit.Api.Endpoints;

/// <summary>Where the chain stands: the sealed head and the newest checkpoint.</summary>
public sealed record IntegrityState(long SealedThroughBatchId, string HeadHash, CheckpointInfo? LastCheckpoint, IntegrityVerification? LastVerification);

public sealed record CheckpointInfo(long BatchId, DateTimeOffset At, string File);

public sealed record IntegrityVerification(DateTimeOffset At, bool Ok, long? FirstBadBatchId, string? Problem, string Detail);

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
