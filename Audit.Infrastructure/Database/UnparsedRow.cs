namespace Audit.Infrastructure.Database;

/// <summary>A row of <c>unparsed_lines</c>; the line itself is read from <c>raw_lines</c>.</summary>
public sealed class UnparsedRow
{
    public DateOnly ReceivedOn { get; set; }

    public long RawId { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public string Host { get; set; } = "";

    public string Source { get; set; } = "";

    public string Reason { get; set; } = "";
}
