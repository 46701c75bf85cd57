namespace Audit.Tests.RealMachine;

/// <summary>The logs the machine wrote while the scenario ran, and what the scenario did.</summary>
public sealed record MachineRecording(ScenarioFacts Facts, string AuthLog, string CommandsLog, string AuditLog)
{
    public IReadOnlyList<string> AuthLines => File.ReadAllLines(AuthLog);

    public IReadOnlyList<string> CommandLines => File.ReadAllLines(CommandsLog);

    public IReadOnlyList<string> AuditLines => File.ReadAllLines(AuditLog);
}
