namespace Audit.Domain.Events;

public enum SessionAction
{
    Opened = 0,
    Closed = 1,
}
