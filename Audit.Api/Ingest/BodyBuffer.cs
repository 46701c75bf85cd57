using System.Buffers;

namespace Audit.Api.Ingest;

/// <summary>A request body held in a pooled array; dispose to return it.</summary>
public sealed class BodyBuffer : IDisposable
{
    private byte[] _array;

    public BodyBuffer(int initialCapacity)
    {
        _array = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 4096));
    }

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => _array.AsSpan(0, Length);

    public ReadOnlyMemory<byte> Memory => _array.AsMemory(0, Length);

    /// <summary>Room to read into, growing the array when full.</summary>
    public Memory<byte> GetFreeSpace(int atLeast)
    {
        if (_array.Length - Length < atLeast)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_array.Length * 2, Length + atLeast));
            _array.AsSpan(0, Length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_array);
            _array = bigger;
        }

        return _array.AsMemory(Length);
    }

    public void Advance(int count) => Length += count;

    public void Dispose()
    {
        var a = _array;
        _array = [];
        if (a.Length > 0) ArrayPool<byte>.Shared.Return(a);
    }
}
