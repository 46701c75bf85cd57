namespace Audit.Domain.Syslog;

/// <summary>Which header shape a line carried.</summary>
public enum SyslogFormat
{
    None = 0,
    Rfc3164 = 1,
    Rfc3339 = 2,
    Rfc5424 = 3,
}
