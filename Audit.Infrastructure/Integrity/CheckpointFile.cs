using System.Globalization;
using System.Text;

namespace Audit.Infrastructure.Integrity;

/// <summary>
/// One signed checkpoint, as a plain-text file (after AWS CloudTrail's digest files and C2SP's
/// signed checkpoints): origin, the batch id and chain head it vouches for, the time, the previous
/// checkpoint it follows, and every batch sealed since (id, content hash, link hash). The last line
/// is an Ed25519 signature over every byte before it.
/// <code>
/// audit-checkpoint v1
/// origin audit
/// batch 42
/// head 9f…
/// time 2026-12-02T01:00:00.0000000Z
/// previous 17 3a…
/// batches 25
/// 18 c0… 5e…
/// …
/// signature 7Qk…==
/// </code>
/// </summary>
public sealed record CheckpointFile(string Origin, long BatchId, byte[] Head, DateTimeOffset Time, long PreviousBatchId, byte[] PreviousHead,
    IReadOnlyList<CheckpointEntry> Batches, byte[] Signature)
{
    private const string Magic = "audit-checkpoint v1";

    public static string FileName(long batchId) => $"checkpoint-{batchId.ToString("D19", CultureInfo.InvariantCulture)}.txt";

    public static byte[] Body(string origin, long batchId, byte[] head, DateTimeOffset time, long previousBatchId, byte[] previousHead, IReadOnlyList<CheckpointEntry> batches)
    {
        var sb = new StringBuilder();
        sb.Append(Magic).Append('\n');
        sb.Append("origin ").Append(origin).Append('\n');
        sb.Append(CultureInfo.InvariantCulture, $"batch {batchId}\n");
        sb.Append("head ").Append(Convert.ToHexStringLower(head)).Append('\n');
        sb.Append("time ").Append(time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)).Append('\n');
        sb.Append(CultureInfo.InvariantCulture, $"previous {previousBatchId} {Convert.ToHexStringLower(previousHead)}\n");
        sb.Append(CultureInfo.InvariantCulture, $"batches {batches.Count}\n");
        foreach (var b in batches)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{b.BatchId} {Convert.ToHexStringLower(b.ContentHash)} {Convert.ToHexStringLower(b.LinkHash)}\n");
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    public static string Signed(byte[] body, byte[] signature) => Encoding.UTF8.GetString(body) + "signature " + Convert.ToBase64String(signature) + "\n";

    /// <summary>Parses a checkpoint file; returns null with a reason when it is malformed. The signature is checked by the caller over <paramref name="signedBody"/>.</summary>
    public static CheckpointFile? TryParse(string text, out byte[] signedBody, out string? error)
    {
        signedBody = [];
        error = null;
        var sigAt = text.LastIndexOf("signature ", StringComparison.Ordinal);
        if (!text.StartsWith(Magic + "\n", StringComparison.Ordinal) || sigAt < 0 || (sigAt > 0 && text[sigAt - 1] != '\n'))
        {
            error = "not an audit checkpoint";
            return null;
        }

        signedBody = Encoding.UTF8.GetBytes(text[..sigAt]);
        try
        {
            var lines = text[..sigAt].Split('\n', StringSplitOptions.RemoveEmptyEntries);
            string Field(int i, string name) => lines[i].StartsWith(name + " ", StringComparison.Ordinal) ? lines[i][(name.Length + 1)..] : throw new FormatException($"line {i + 1} should be '{name} …'");
            var origin = Field(1, "origin");
            var batch = long.Parse(Field(2, "batch"), CultureInfo.InvariantCulture);
            var head = Convert.FromHexString(Field(3, "head"));
            var time = DateTimeOffset.Parse(Field(4, "time"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            var prev = Field(5, "previous").Split(' ');
            var count = int.Parse(Field(6, "batches"), CultureInfo.InvariantCulture);
            if (lines.Length != 7 + count) throw new FormatException($"{count} batches announced, {lines.Length - 7} listed");
            var entries = new List<CheckpointEntry>(count);
            for (var i = 7; i < lines.Length; i++)
            {
                var parts = lines[i].Split(' ');
                entries.Add(new CheckpointEntry(long.Parse(parts[0], CultureInfo.InvariantCulture), Convert.FromHexString(parts[1]), Convert.FromHexString(parts[2])));
            }

            var signature = Convert.FromBase64String(text[(sigAt + "signature ".Length)..].Trim());
            return new CheckpointFile(origin, batch, head, time, long.Parse(prev[0], CultureInfo.InvariantCulture), Convert.FromHexString(prev[1]), entries, signature);
        }
        catch (Exception e) when (e is FormatException or IndexOutOfRangeException or OverflowException)
        {
            error = e.Message;
            return null;
        }
    }
}

public sealed record CheckpointEntry(long BatchId, byte[] ContentHash, byte[] LinkHash);
