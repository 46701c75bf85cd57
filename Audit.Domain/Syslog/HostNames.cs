namespace Audit.Domain.Syslog;

/// <summary>
/// The host names of a batch's lines are nearly always the same few, so the last one read is kept
/// per thread and handed out again instead of allocating a new string for every line.
/// </summary>
internal static class HostNames
{
    [ThreadStatic]
    private static string? last;

    public static string Get(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty) return string.Empty;
        var cached = last;
        if (cached is not null && name.SequenceEqual(cached)) return cached;
        return last = name.ToString();
    }
}
