using Audit.Domain.Events;

namespace Audit.Domain.Auth;

/// <summary>
/// What is known of one sshd connection (one host and sshd pid) between parse passes: its attempts
/// so far (so later lines can attach to them) and the lines not yet placed — a PAM failure or an
/// <c>Invalid user</c> waiting for the attempt it belongs to, a close that came before any attempt.
/// </summary>
public sealed class SshConnection
{
    /// <summary>When the connection's latest line arrived (the receive time, which the quiet window counts from).</summary>
    public DateTimeOffset LastSeen { get; set; }

    /// <summary>The attempts, oldest first (the last few only).</summary>
    public List<SshAttempt> Attempts { get; set; } = [];

    /// <summary>Lines waiting for an attempt, in arrival order.</summary>
    public List<SshHeldLine> Held { get; set; } = [];
}

/// <summary>An attempt row: its raw line and time (the row's key) and whether it still awaits its PAM failure line.</summary>
public sealed record SshAttempt(long RawId, DateTimeOffset OccurredAt, bool AwaitsPam);

/// <summary>A line not yet placed in an attempt row.</summary>
public sealed record SshHeldLine(long RawId, SshLogin Login);

/// <summary>Details to add to an attempt row written by an earlier pass.</summary>
public sealed record SshAttemptUpdate(long RawId, DateTimeOffset OccurredAt, IReadOnlyList<string> Details, bool InvalidUser);
