namespace Audit.Domain.Syslog;

/// <summary>
/// The parts of a syslog header. <see cref="MessageStart"/> is the index in the line where the
/// message after <c>tag[pid]:</c> begins, so callers slice the original span instead of copying.
/// </summary>
public readonly record struct SyslogHeader(
    SyslogFormat Format,
    DateTimeOffset Timestamp,
    string Host,
    string Program,
    int? Pid,
    int MessageStart);
