using System.Buffers;

namespace Audit.Api.Ingest;

/// <summary>
/// A request body held in one array; dispose to let it go. Small arrays come from the shared pool; large ones
/// (past <see cref="PooledMax"/>) are plain allocations, because the pool keeps what it is given and a few
/// 32 MiB bodies would otherwise stay resident for good. Growth never goes past the limit the caller reads to.
/// </summary>
public sealed class BodyBuffer : IDisposable
{
    private const int PooledMax = 1024 * 1024;
    private readonly long _limit;
    private byte[] _array;

    public BodyBuffer(int initialCapacity, long limit = int.MaxValue)
    {
        _limit = limit;
        _array = Rent(Math.Max(initialCapacity, 4096));
    }

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => _array.AsSpan(0, Length);

    public ReadOnlyMemory<byte> Memory => _array.AsMemory(0, Length);

    /// <summary>Room to read into, growing the array when full (to at most the limit plus <paramref name="atLeast"/>).</summary>
    public Memory<byte> GetFreeSpace(int atLeast)
    {
        if (_array.Length - Length < atLeast)
        {
            var size = (int)Math.Min(Math.Max((long)_array.Length * 2, (long)Length + atLeast), Math.Min(_limit + atLeast + 1, Array.MaxLength));
            var bigger = Rent(Math.Max(size, Length + atLeast));
            _array.AsSpan(0, Length).CopyTo(bigger);
            Return(_array);
            _array = bigger;
        }

        return _array.AsMemory(Length);
    }

    public void Advance(int count) => Length += count;

    public void Dispose()
    {
        var a = _array;
        _array = [];
        Return(a);
    }

    private static byte[] Rent(int size) => size <= PooledMax ? ArrayPool<byte>.Shared.Rent(size) : GC.AllocateUninitializedArray<byte>(size);

    private static void Return(byte[] a)
    {
        if (a.Length is > 0 and <= PooledMax) ArrayPool<byte>.Shared.Return(a);
    }
}
