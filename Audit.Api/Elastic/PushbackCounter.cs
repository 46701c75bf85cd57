namespace Audit.Api.Elastic;

/// <summary>Counts bulk requests refused for back-pressure, by shipper (for metrics and tests).</summary>
public sealed class PushbackCounter
{
    private readonly long[] _byShipper = new long[Enum.GetValues<ShipperKind>().Length];

    public void Record(ShipperKind shipper) => Interlocked.Increment(ref _byShipper[(int)shipper]);

    public long Count(ShipperKind shipper) => Interlocked.Read(ref _byShipper[(int)shipper]);
}
