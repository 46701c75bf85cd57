using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Audit.Infrastructure.Ingest;

/// <summary>
/// SPEC §3's dedup key, 16 bytes: for a document <c>_id</c>, SHA-256 of it (truncated); for a file
/// line, 8 bytes of SHA-256 over (host, file path, file identity) followed by the offset, big-endian —
/// so a file's lines sit side by side in the unique index instead of scattering over it (cheaper
/// inserts), and two offsets of one file never collide. Parts are length-prefixed, so ("a b", "c")
/// and ("a", "b c") differ.
/// </summary>
public static class DedupKey
{
    public static Guid FromDocumentId(string id)
    {
        var writer = new KeyWriter(stackalloc byte[256]);
        writer.Text("id");
        writer.Text(id);
        return writer.Hash();
    }

    public static Guid FromOffset(string host, string path, string? fileIdentity, long offset)
    {
        var writer = new KeyWriter(stackalloc byte[512]);
        writer.Text("off");
        writer.Text(host);
        writer.Text(path);
        writer.Text(fileIdentity ?? string.Empty);
        return writer.HashThen(offset);
    }

    private ref struct KeyWriter(Span<byte> initial)
    {
        private Span<byte> _buffer = initial;
        private byte[]? _rented;
        private int _length;

        public void Text(string value)
        {
            var max = Encoding.UTF8.GetMaxByteCount(value.Length) + 4;
            Ensure(max);
            var n = Encoding.UTF8.GetBytes(value, _buffer[(_length + 4)..]);
            BinaryPrimitives.WriteInt32BigEndian(_buffer[_length..], n);
            _length += n + 4;
        }

        public Guid Hash()
        {
            Span<byte> digest = stackalloc byte[32];
            SHA256.HashData(_buffer[.._length], digest);
            if (_rented is not null) ArrayPool<byte>.Shared.Return(_rented);
            return new Guid(digest[..16], bigEndian: true);
        }

        /// <summary>8 bytes of the hash, then <paramref name="suffix"/>; big-endian, so PostgreSQL orders keys by it.</summary>
        public Guid HashThen(long suffix)
        {
            Span<byte> digest = stackalloc byte[32];
            SHA256.HashData(_buffer[.._length], digest);
            if (_rented is not null) ArrayPool<byte>.Shared.Return(_rented);
            BinaryPrimitives.WriteInt64BigEndian(digest[8..], suffix);
            return new Guid(digest[..16], bigEndian: true);
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
