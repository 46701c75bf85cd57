using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Audit.Infrastructure.Ingest;

namespace Audit.Infrastructure.Integrity;

/// <summary>
/// SHA-256 over a batch's stored lines in order, every field length-prefixed (a null as length -1).
/// The hash chain (docs/integrity.md) links these; a verifier recomputes them from raw_lines.
/// </summary>
public static class BatchContentHasher
{
    public static byte[] Compute(long batchId, DateTimeOffset receivedAt, IEnumerable<(long Id, RawLine Line)> lines)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new Buffer(hash);
        try
        {
            buffer.Long(batchId);
            buffer.Long(receivedAt.UtcTicks);
            foreach (var (id, line) in lines)
            {
                buffer.Long(id);
                buffer.Text(line.Host);
                buffer.Text(line.Source);
                buffer.Text(line.Program);
                if (line.ShipperTime is { } t) buffer.Text(t.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture)); else buffer.Text(null);
                buffer.Text(line.TimeZone);
                if (line.DedupKey is { } k) buffer.Text(k.ToString("N")); else buffer.Text(null);
                buffer.Text(line.FieldsJson);
                if (line.LineBytes is { } bytes) buffer.Bytes(bytes); else buffer.Text(line.Line);
            }

            buffer.Flush();
            return hash.GetHashAndReset();
        }
        finally
        {
            buffer.Return();
        }
    }

    /// <summary>Collects encoded fields in one pooled array and feeds the hash in large pieces.</summary>
    private sealed class Buffer(IncrementalHash hash)
    {
        private byte[] _array = ArrayPool<byte>.Shared.Rent(64 * 1024);
        private int _length;

        public void Long(long value)
        {
            Ensure(8);
            BinaryPrimitives.WriteInt64BigEndian(_array.AsSpan(_length), value);
            _length += 8;
        }

        public void Text(string? value)
        {
            if (value is null)
            {
                Ensure(4);
                BinaryPrimitives.WriteInt32BigEndian(_array.AsSpan(_length), -1);
                _length += 4;
                return;
            }

            Ensure(Encoding.UTF8.GetMaxByteCount(value.Length) + 4);
            var n = Encoding.UTF8.GetBytes(value, _array.AsSpan(_length + 4));
            BinaryPrimitives.WriteInt32BigEndian(_array.AsSpan(_length), n);
            _length += n + 4;
        }

        public void Bytes(byte[] value)
        {
            Ensure(value.Length + 4);
            BinaryPrimitives.WriteInt32BigEndian(_array.AsSpan(_length), value.Length);
            value.CopyTo(_array.AsSpan(_length + 4));
            _length += value.Length + 4;
        }

        public void Flush()
        {
            hash.AppendData(_array, 0, _length);
            _length = 0;
        }

        public void Return() => ArrayPool<byte>.Shared.Return(_array);

        private void Ensure(int more)
        {
            if (_length + more <= _array.Length) return;
            Flush();
            if (more > _array.Length)
            {
                ArrayPool<byte>.Shared.Return(_array);
                _array = ArrayPool<byte>.Shared.Rent(more);
            }
        }
    }
}
