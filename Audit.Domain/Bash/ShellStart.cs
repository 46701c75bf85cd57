namespace Audit.Domain.Bash;

/// <summary>
/// Evidence that a shell was started (not merely unseen until now): when, and what says so, e.g.
/// <c>auditd exec of /usr/bin/bash</c> or <c>sshd login of alice at 10:00:01</c>.
/// </summary>
public sealed record ShellStart(DateTimeOffset At, string Evidence);
