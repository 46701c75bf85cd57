namespace Audit.Domain.Bash;

/// <summary>What is known of an interactive shell (host, pid) from its earlier lines.</summary>
public sealed record ShellState(DateTimeOffset LastSeen, int? LastHistoryNumber);
