namespace Audit.Infrastructure.Database;

/// <summary>A row of <c>raw_lines</c> (read-only here).</summary>
public sealed class RawLineRow
{
    public DateOnly ReceivedOn { get; set; }

    public long Id { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public string Host { get; set; } = "";

    public string Source { get; set; } = "";

    public string? Program { get; set; }

    public DateTimeOffset? ShipperTime { get; set; }

    public string Line { get; set; } = "";

    public byte[]? LineBytes { get; set; }
}
