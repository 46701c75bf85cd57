namespace Audit.Api.Queries;

/// <summary>A typed shell command.</summary>
/// <param name="Time">When the prompt logged it (after the command finished).</param>
/// <param name="User">The person (login name).</param>
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
    long RawId);
