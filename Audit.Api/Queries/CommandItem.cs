namespace Audit.Api.Queries;

/// <summary>A typed shell command.</summary>
/// <param name="Time">When the prompt logged it (after the command finished).</param>
/// <param name="User">The person (login name).</param>
/// <param name="Host">Where the command ran: the syslog header's host (host= matches this).</param>
/// <param name="RelayHost">The shipper's host where it differs from <paramref name="Host"/> (a relay that forwarded the line).</param>
/// <param name="RunAs">Who the shell ran as (<c>whoami</c>), e.g. root after <c>sudo -i</c>.</param>
public sealed record CommandItem(
    DateTimeOffset Time,
    string Host,
    string User,
    string RunAs,
    string Command,
    int? ExitCode,
    int? ShellPid,
    int? HistoryNumber,
    string Shell,
    string Source,
    long RawId,
    string? RelayHost = null);
