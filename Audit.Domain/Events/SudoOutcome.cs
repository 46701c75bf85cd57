namespace Audit.Domain.Events;

public enum SudoOutcome
{
    Allowed = 0,
    Denied = 1,
}
