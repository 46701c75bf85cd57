namespace Audit.Tests.RealMachine;

/// <summary>A line typed at a prompt of the session, as the person typed it, and how it ended.</summary>
/// <param name="AsRoot">Typed in the root shell after <c>sudo -i</c>.</param>
public sealed record TypedCommand(string Command, int ExitCode, bool AsRoot);
