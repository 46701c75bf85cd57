namespace Audit.Domain.Events;

public enum LoginOutcome
{
    Success = 0,
    Failure = 1,
}
