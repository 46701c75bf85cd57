namespace Audit.Tests.Shippers;

/// <summary>Real shipper processes run one test at a time (two cores; each test starts its own API).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ShipperCollection
{
    public const string Name = "shippers";
}
