namespace Audit.Domain.Auditd;

/// <summary>When the assembler stops waiting for more records of an event.</summary>
public sealed record AuditAssemblyOptions
{
    /// <summary>Emit an event when none of its records arrived for this long (by arrival time).</summary>
    public TimeSpan QuietWindow { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Emit an event once a record of the same host stamped this much later was seen: the kernel
    /// writes an event's records together, so by then they are all written.
    /// </summary>
    public TimeSpan StreamWindow { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>An event with this many records is emitted as it is (bounds memory on hostile input).</summary>
    public int MaxRecordsPerEvent { get; init; } = 4096;

    /// <summary>When more records than this are pending, the oldest events are emitted.</summary>
    public int MaxPendingRecords { get; init; } = 100_000;
}
