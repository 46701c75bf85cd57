using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Audit.Infrastructure.Integrity;

/// <summary>The last verification's outcome, for /health and /metrics (a chain nobody checks is decoration).</summary>
public sealed class IntegrityStatus
{
    public VerifyResult? Last { get; private set; }

    public DateTimeOffset? LastAt { get; private set; }

    public double LastLinesPerSecond { get; private set; }

    internal void Set(VerifyResult result, DateTimeOffset at, double linesPerSecond)
    {
        Last = result;
        LastAt = at;
        LastLinesPerSecond = linesPerSecond;
    }
}

/// <summary>
/// Verifies the whole chain against the checkpoint files, records the run in the audit of the
/// auditors and keeps the outcome for /health and /metrics; <paramref name="actor"/> is who asked
/// ("self" for the recurring check).
/// </summary>
public sealed class SelfVerifyJob(NpgsqlDataSource db, IOptions<IntegrityOptions> options, IOptions<Partitions.PartitionOptions> partitions, IntegrityStatus status, TimeProvider time, ILogger<SelfVerifyJob> logger)
{
    public async Task<VerifyResult> RunAsync(string actor, CancellationToken ct)
    {
        var o = options.Value;
        var started = time.GetUtcNow();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = await ChainVerifier.VerifyAsync(db, o.CheckpointsEnabled ? o.CheckpointDirectory : null, o.CheckpointsEnabled ? o.EffectivePublicKeyPath : null, ct, partitions.Value.ArchiveDirectory);
        var seconds = clock.Elapsed.TotalSeconds;
        status.Set(result, started, seconds > 0 ? result.CheckedLines / seconds : 0);
        if (!result.Ok) logger.LogError("Integrity verification failed at batch {BatchId}: {Problem} — {Detail}", result.FirstBadBatchId, result.Problem, result.Detail);
        await new IntegrityRunLog(db).RecordAsync(actor == "self" ? "self_verify" : "verify", actor, started, time.GetUtcNow(), result.Ok, result, ct);
        return result;
    }
}

/// <summary>
/// When the recurring self-verification is due: soon after start, then every interval. It re-reads
/// and re-hashes the whole chain, so while lines wait to be parsed it yields to the parser — for at
/// most <c>maxDeferral</c>, so a host flooding the trail cannot put the check off for longer.
/// </summary>
public sealed class VerifySchedule(DateTimeOffset firstDue, TimeSpan interval, TimeSpan maxDeferral)
{
    private DateTimeOffset _due = firstDue;

    public bool IsDue(DateTimeOffset now, long backlogLines) => now >= _due && (backlogLines == 0 || now >= _due + maxDeferral);

    public void Ran(DateTimeOffset now) => _due = now + interval;
}

/// <summary>Runs the sealer every few seconds, a checkpoint every interval and the self-verification (see <see cref="VerifySchedule"/>), each failure logged and retried on the next tick.</summary>
public sealed class IntegrityWorker(IServiceProvider services, IOptions<IntegrityOptions> options, TimeProvider time, ILogger<IntegrityWorker> logger)
    : Microsoft.Extensions.Hosting.BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.BackgroundEnabled) return;
        var nextCheckpoint = time.GetUtcNow() + o.CheckpointInterval;
        var verify = new VerifySchedule(time.GetUtcNow() + TimeSpan.FromSeconds(30), o.SelfVerifyInterval, o.SelfVerifyMaxDeferral);
        var backlog = Get<Ingest.BacklogMonitor>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Get<SealingJob>().RunAsync(stoppingToken);
                if (time.GetUtcNow() >= nextCheckpoint)
                {
                    nextCheckpoint = time.GetUtcNow() + o.CheckpointInterval;
                    await Get<CheckpointJob>().RunAsync(stoppingToken);
                }

                if (verify.IsDue(time.GetUtcNow(), backlog.BacklogLines))
                {
                    verify.Ran(time.GetUtcNow());
                    await Get<SelfVerifyJob>().RunAsync("self", stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Integrity tick failed; retrying");
            }

            try
            {
                await Task.Delay(o.SealInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private T Get<T>() where T : notnull => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<T>(services);
}
