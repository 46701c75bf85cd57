using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Audit.Infrastructure.Ingest;

namespace Audit.Infrastructure.Integrity;

/// <summary>
/// SHA-256 over a batch's stored lines in order, every field length-prefixed. The hash chain of
/// SPEC §5 links these; a verifier recomputes them from raw_lines.
/// </summary>
public static class BatchContentHasher
{
    public static byte[] Compute(long batchId, DateTimeOffset receivedAt, IEnumerable<(long Id, RawLine Line)> lines)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> buf = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(buf, batchId);
        hash.AppendData(buf);
        BinaryPrimitives.WriteInt64BigEndian(buf, receivedAt.UtcTicks);
        hash.AppendData(buf);
        foreach (var (id, line) in lines)
        {
            BinaryPrimitives.WriteInt64BigEndian(buf, id);
            hash.AppendData(buf);
            Append(hash, line.Host);
            Append(hash, line.Source);
            Append(hash, line.Program);
            Append(hash, line.ShipperTime?.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Append(hash, line.TimeZone);
            Append(hash, line.DedupKey?.ToString("N"));
            Append(hash, line.FieldsJson);
            AppendBytes(hash, line.LineBytes ?? Encoding.UTF8.GetBytes(line.Line));
        }

        return hash.GetHashAndReset();
    }

    private static void Append(IncrementalHash hash, string? value)
    {
        if (value is null)
        {
            Span<byte> none = stackalloc byte[4];
            BinaryPrimitives.WriteInt32BigEndian(none, -1);
            hash.AppendData(none);
            return;
        }

        AppendBytes(hash, Encoding.UTF8.GetBytes(value));
    }

    private static void AppendBytes(IncrementalHash hash, ReadOnlySpan<byte> bytes)
    {
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(len, bytes.Length);
        hash.AppendData(len);
        hash.AppendData(bytes);
    }
}
