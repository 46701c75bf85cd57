using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Audit.Infrastructure.Ingest;

/// <summary>
/// The key that makes a shipper's retry a no-op, 16 bytes: for a document <c>_id</c>, XXH128 of it; for a file line, the 64-bit
/// XXH3 of (host, file path, file identity) followed by the offset, big-endian — so a file's lines sit
/// side by side in the unique index instead of scattering over it (cheaper inserts), and two offsets of
/// one file never collide. Parts are length-prefixed, so ("a b", "c") and ("a", "b c") differ.
/// A non-cryptographic hash is enough: whoever holds an ingest key can send the same (host, path,
/// offset) as a real line anyway, so crafting a collision gains nothing; SHA-256 per line cost a
/// quarter of the accept path's CPU.
/// </summary>
public static class DedupKey
{
    public static Guid FromDocumentId(string id)
    {
        var writer = new KeyWriter(stackalloc byte[256]);
        writer.Text("id");
        writer.Text(id);
        Span<byte> key = stackalloc byte[16];
        XxHash128.Hash(writer.Written, key);
        writer.Dispose();
        return new Guid(key, bigEndian: true);
    }

    public static Guid FromOffset(string host, string path, string? fileIdentity, long offset)
    {
        var writer = new KeyWriter(stackalloc byte[512]);
        writer.Text("off");
        writer.Text(host);
        writer.Text(path);
        writer.Text(fileIdentity ?? string.Empty);
        Span<byte> key = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(key, XxHash3.HashToUInt64(writer.Written));
        writer.Dispose();
        BinaryPrimitives.WriteInt64BigEndian(key[8..], offset);
        return new Guid(key, bigEndian: true);
    }

    /// <summary>
    /// The key as stored: scoped to the ingest key that sent the line, so one key's forged offsets or ids can never
    /// make another key's lines look like duplicates. The first 8 bytes are re-hashed with the key id; the last 8
    /// (the offset of a file line) stay, so a file's lines still sit side by side in the unique index.
    /// Lines sent without a key (the admin key, the Redis consumer) share one scope.
    /// </summary>
    public static Guid Scoped(Guid key, Guid? ingestKeyId)
    {
        Span<byte> original = stackalloc byte[16];
        key.TryWriteBytes(original, bigEndian: true, out _);
        Span<byte> hashed = stackalloc byte[24];
        original[..8].CopyTo(hashed);
        (ingestKeyId ?? Guid.Empty).TryWriteBytes(hashed[8..], bigEndian: true, out _);
        BinaryPrimitives.WriteUInt64BigEndian(original, XxHash3.HashToUInt64(hashed));
        return new Guid(original, bigEndian: true);
    }

    private ref struct KeyWriter(Span<byte> initial)
    {
        private Span<byte> _buffer = initial;
        private byte[]? _rented;
        private int _length;

        public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

        public void Text(string value)
        {
            var max = Encoding.UTF8.GetMaxByteCount(value.Length) + 4;
            Ensure(max);
            var n = Encoding.UTF8.GetBytes(value, _buffer[(_length + 4)..]);
            BinaryPrimitives.WriteInt32BigEndian(_buffer[_length..], n);
            _length += n + 4;
        }

        public void Dispose()
        {
            if (_rented is not null) ArrayPool<byte>.Shared.Return(_rented);
            _rented = null;
        }

        private void Ensure(int more)
        {
            if (_length + more <= _buffer.Length) return;
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + more));
            _buffer[.._length].CopyTo(bigger);
            if (_rented is not null) ArrayPool<byte>.Shared.Return(_rented);
            _rented = bigger;
            _buffer = bigger;
        }
    }
}
