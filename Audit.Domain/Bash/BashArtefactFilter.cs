using Audit.Domain.Events;

namespace Audit.Domain.Bash;

/// <summary>
/// PROMPT_COMMAND runs before every prompt, also the first one, where nothing was typed yet: a new
/// shell's first line repeats the last entry of its user's history file (or is empty), and a prompt
/// after an empty Enter repeats the previous entry. Those lines are artefacts, not commands.
/// A shell we have no earlier line of is either new or one whose earlier lines never reached us
/// (collection started mid-session, lines lost). What tells them apart is a <see cref="ShellStart"/>:
/// auditd's exec of the shell's pid, or a login of its user moments before — then the first line is
/// the first prompt whatever it repeats. When nothing tells, the first line counts as an artefact only
/// when it is empty or repeats a command that user recently ran on that host, so a real command is
/// not hidden; the cost is an occasional first prompt listed when the history held older commands.
/// </summary>
public static class BashArtefactFilter
{
    /// <summary>A shell not heard of for this long is taken to be a new one (its pid was reused).</summary>
    public static readonly TimeSpan ShellForgottenAfter = TimeSpan.FromDays(7);

    /// <summary>How many recent commands per (host, shell user) are remembered.</summary>
    public const int RecentCommands = 20;

    /// <summary>The reason the line is an artefact, or null when it is a real command.</summary>
    /// <param name="shell">What earlier lines told of this shell (host, pid); null when it is new.</param>
    /// <param name="recent">Recent commands of the shell's user (whose history file it reads) on this host.</param>
    /// <param name="start">What shows the shell started without us missing its earlier lines; null when nothing tells.</param>
    public static string? ArtefactReason(ShellCommand command, ShellState? shell, IReadOnlyCollection<string> recent, ShellStart? start = null)
    {
        var isNew = shell is null || command.OccurredAt - shell.LastSeen > ShellForgottenAfter;
        if (isNew && start is { } s && s.At <= command.OccurredAt && command.OccurredAt - s.At <= ShellForgottenAfter)
        {
            return $"first prompt of a new shell ({s.Evidence})";
        }

        if (command.Command.Length == 0) return "empty command (shell's first prompt)";
        if (isNew)
        {
            return recent.Contains(command.Command) ? "first prompt of a new shell (repeats the last history entry)" : null;
        }

        if (command.HistoryNumber is { } n && shell!.LastHistoryNumber == n) return "repeated history entry (prompt without a new command)";
        return null;
    }

    /// <summary>The shell's state after this line.</summary>
    public static ShellState Advance(ShellCommand command, ShellState? shell) =>
        new(shell is null || command.OccurredAt > shell.LastSeen ? command.OccurredAt : shell.LastSeen, command.HistoryNumber ?? shell?.LastHistoryNumber);

    /// <summary>The user's recent commands after this line (newest last, at most <see cref="RecentCommands"/>).</summary>
    public static List<string> Remember(List<string> recent, ShellCommand command)
    {
        if (command.Command.Length == 0) return recent;
        recent.Remove(command.Command);
        recent.Add(command.Command);
        if (recent.Count > RecentCommands) recent.RemoveRange(0, recent.Count - RecentCommands);
        return recent;
    }
}
