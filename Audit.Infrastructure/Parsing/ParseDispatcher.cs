using Hangfire;

namespace Audit.Infrastructure.Parsing;

/// <summary>
/// Turns "a batch was committed" into parse jobs without one Hangfire job per batch: a job drains
/// every pending batch, so while one is enqueued and not yet started, further signals are absorbed.
/// A signal after a job started enqueues a new one, so nothing committed is left waiting; the
/// recurring sweep covers anything a crash left behind.
/// </summary>
public sealed class ParseDispatcher(IBackgroundJobClient jobs, TimeProvider time)
{
    public const string Queue = "parse";
    private const int MaxWaiting = 2;
    private static readonly TimeSpan Stale = TimeSpan.FromSeconds(10);
    private readonly Lock _gate = new();
    private int _waiting;
    private DateTimeOffset _lastEnqueue;

    public void Signal(long batchId)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            // Another instance may have run our jobs; do not trust the count forever.
            if (_waiting >= MaxWaiting && now - _lastEnqueue < Stale) return;
            if (now - _lastEnqueue >= Stale) _waiting = 0;
            _waiting++;
            _lastEnqueue = now;
        }

        jobs.Enqueue<ParseJob>(Queue, j => j.RunAsync(batchId, CancellationToken.None));
    }

    /// <summary>Called by a parse job when it starts draining.</summary>
    public void Started()
    {
        lock (_gate)
        {
            if (_waiting > 0) _waiting--;
        }
    }
}
