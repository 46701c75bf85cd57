using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Audit.Infrastructure.Integrity;

/// <summary>
/// The hashes of the chain. A batch's content hash covers its stored lines in order — line number,
/// receive time, host, source, program, shipper time, time zone, dedup key, fields, the text and
/// the exact bytes — each field length-prefixed (a null as -1); it leaves out the batch id, so a
/// batch moved to another id is recognised as moved. The link hash covers the previous link, the
/// batch id and record (day, receive time, endpoint, key, counts) and the content hash.
/// Everything is hashed as PostgreSQL stores it (jsonb as its text form), so the sealer and the
/// verifier, both reading the database or an archive, compute the same bytes.
/// </summary>
public sealed class ChainHasher : IDisposable
{
    public static readonly byte[] Genesis = new byte[32];

    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private int _length;

    public void AddLine(StoredRawLine line)
    {
        Long(line.Id & ((1L << 24) - 1));
        Long(line.ReceivedAtMicros);
        Text(line.Host);
        Text(line.Source);
        Text(line.Program);
        if (line.ShipperTimeMicros is { } st) Long(st); else Long(long.MinValue);
        Text(line.TimeZone);
        if (line.DedupKey is { } k) Bytes(k.ToByteArray(bigEndian: true)); else Bytes(null);
        Text(line.Fields);
        Text(line.Line);
        Bytes(line.LineBytes);
    }

    /// <summary>The content hash of the lines added since the last call.</summary>
    public byte[] FinishContent()
    {
        Flush();
        return _hash.GetHashAndReset();
    }

    public static byte[] Link(byte[] previous, BatchRecord batch, byte[] contentHash)
    {
        using var h = new ChainHasher();
        h.Bytes("audit-chain-v1"u8.ToArray());
        h.Bytes(previous);
        h.Long(batch.Id);
        h.Long(batch.ReceivedOn.DayNumber);
        h.Long(batch.ReceivedAtMicros);
        h.Text(batch.Endpoint);
        if (batch.KeyId is { } key) h.Bytes(key.ToByteArray(bigEndian: true)); else h.Bytes(null);
        h.Long(batch.LineCount);
        h.Long(batch.Accepted);
        h.Long(batch.Duplicates);
        h.Bytes(contentHash);
        return h.FinishContent();
    }

    public void Dispose()
    {
        _hash.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
    }

    private void Long(long value)
    {
        Ensure(8);
        BinaryPrimitives.WriteInt64BigEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    private void Text(string? value)
    {
        if (value is null)
        {
            Ensure(4);
            BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length), -1);
            _length += 4;
            return;
        }

        Ensure(Encoding.UTF8.GetMaxByteCount(value.Length) + 4);
        var n = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length + 4));
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length), n);
        _length += n + 4;
    }

    private void Bytes(byte[]? value)
    {
        if (value is null)
        {
            Ensure(4);
            BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length), -1);
            _length += 4;
            return;
        }

        Ensure(value.Length + 4);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length), value.Length);
        value.CopyTo(_buffer.AsSpan(_length + 4));
        _length += value.Length + 4;
    }

    private void Flush()
    {
        _hash.AppendData(_buffer, 0, _length);
        _length = 0;
    }

    private void Ensure(int more)
    {
        if (_length + more <= _buffer.Length) return;
        Flush();
        if (more > _buffer.Length)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(more);
        }
    }
}

/// <summary>A raw_lines row as stored (times in microseconds since the Unix epoch, as PostgreSQL keeps them).</summary>
public sealed record StoredRawLine(
    long Id, DateOnly ReceivedOn, long ReceivedAtMicros, string Host, string Source, string? Program, long? ShipperTimeMicros,
    string? TimeZone, Guid? DedupKey, string Line, byte[]? LineBytes, string? Fields);

/// <summary>A raw_batches row, the part the chain covers.</summary>
public sealed record BatchRecord(
    long Id, DateOnly ReceivedOn, long ReceivedAtMicros, string Endpoint, Guid? KeyId, int LineCount, int Accepted, int Duplicates);

/// <summary>An integrity_links row.</summary>
public sealed record ChainLink(long BatchId, DateOnly ReceivedOn, byte[] ContentHash, byte[] PrevHash, byte[] LinkHash);
