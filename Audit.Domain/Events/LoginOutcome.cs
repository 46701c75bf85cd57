namespace Audit.Domain.Events;

public enum LoginOutcome
{
    Success = 0,
    Failure = 1,

    /// <summary>An sshd connection that ended before any password or key was tried (a scan, a client that gave up).</summary>
    ClosedBeforeAttempt = 2,
}
