namespace Audit.Infrastructure.Parsing;

/// <summary>How a batch's lines ended: parsed, noise or unparsed.</summary>
public sealed class BatchCounts
{
    public int Lines { get; set; }

    public int Parsed { get; set; }

    public int Noise { get; set; }

    public int Unparsed { get; set; }
}
