using System.Diagnostics;

namespace Audit.Tests.Support;

/// <summary>Polls a condition until it holds or the time is up (for work done by other processes).</summary>
public static class Eventually
{
    public static async Task<T> ReachAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan within, TimeSpan? every = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (done(value) || clock.Elapsed > within) return value;
            await Task.Delay(every ?? TimeSpan.FromMilliseconds(250));
        }
    }
}
