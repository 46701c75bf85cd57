namespace Audit.Tests.RealMachine;

/// <summary>
/// The real-machine tests: one scenario run shared by all, never in parallel with other collections
/// (it owns /dev/log and the audit daemon slot while it runs; other runs on the machine wait on
/// <see cref="MachineLock"/>).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealMachineCollection : ICollectionFixture<RealMachineRun>
{
    public const string Name = "real-machine";
}
