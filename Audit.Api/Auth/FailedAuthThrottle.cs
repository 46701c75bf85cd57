using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Audit.Api.Auth;

/// <summary>
/// Slows key guessing: failed key checks are counted per source address and per key prefix (the first
/// characters of the presented key, so one key guessed from many addresses is caught too) in one-minute
/// windows; past <see cref="AuthOptions.MaxFailuresPerMinute"/> the caller is refused (429, Retry-After)
/// until the window ends, whatever it sends — also Basic guesses on the Hangfire dashboard, which go through
/// the same authentication. Also holds the bootstrap admin key check.
/// </summary>
public sealed class FailedAuthThrottle(IOptions<AuthOptions> options, TimeProvider time)
{
    private const int PrefixChars = 12;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, (long Window, int Count)> _failures = new(StringComparer.Ordinal);

    public bool IsAdminKey(string key) =>
        options.Value.AdminKey is { Length: > 0 } admin
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(key)), SHA256.HashData(Encoding.UTF8.GetBytes(admin)));

    /// <summary>True (with the seconds to wait) when this address or key prefix has failed too often in the current window.</summary>
    public bool IsThrottled(HttpContext http, string key, out int retryAfterSeconds)
    {
        var window = CurrentWindow(out retryAfterSeconds);
        var max = options.Value.MaxFailuresPerMinute;
        return Count(AddressOf(http), window) >= max || Count(PrefixOf(key), window) >= max;
    }

    public void RecordFailure(HttpContext http, string key)
    {
        var window = CurrentWindow(out _);
        if (_failures.Count > 100_000) Prune(window);
        foreach (var id in (string[])[AddressOf(http), PrefixOf(key)])
        {
            _failures.AddOrUpdate(id, _ => (window, 1), (_, v) => v.Window == window ? (window, v.Count + 1) : (window, 1));
        }
    }

    private int Count(string id, long window) => _failures.TryGetValue(id, out var v) && v.Window == window ? v.Count : 0;

    private long CurrentWindow(out int secondsLeft)
    {
        var ticks = time.GetUtcNow().UtcTicks;
        var window = ticks / Window.Ticks;
        secondsLeft = Math.Max(1, (int)Math.Ceiling(TimeSpan.FromTicks(((window + 1) * Window.Ticks) - ticks).TotalSeconds));
        return window;
    }

    private void Prune(long window)
    {
        foreach (var (id, v) in _failures)
        {
            if (v.Window != window) _failures.TryRemove(id, out _);
        }
    }

    private static string AddressOf(HttpContext http) => "ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    private static string PrefixOf(string key) => "key:" + (key.Length > PrefixChars ? key[..PrefixChars] : key);
}
