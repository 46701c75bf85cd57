using Audit.Domain.Bash;
using Audit.Domain.Events;

namespace Audit.Tests.Domain.Bash;

public sealed class BashArtefactFilterTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    private static ShellCommand Cmd(string text, int? history = null, int minutes = 0) =>
        new(T0.AddMinutes(minutes), "h", "alice", "alice", text, 0, 100, history, "bash");

    [Fact]
    public void Empty_command_is_an_artefact()
    {
        Assert.NotNull(BashArtefactFilter.ArtefactReason(Cmd(""), null, []));
    }

    [Fact]
    public void First_line_of_a_new_shell_repeating_a_recent_command_is_an_artefact()
    {
        Assert.NotNull(BashArtefactFilter.ArtefactReason(Cmd("git status"), null, ["ls", "git status"]));
    }

    [Fact]
    public void First_line_of_a_new_shell_with_an_unknown_command_is_kept()
    {
        Assert.Null(BashArtefactFilter.ArtefactReason(Cmd("make deploy"), null, ["ls"]));
    }

    [Fact]
    public void Later_lines_of_a_known_shell_are_commands_even_when_repeated()
    {
        var shell = new ShellState(T0, null);
        Assert.Null(BashArtefactFilter.ArtefactReason(Cmd("ls", minutes: 1), shell, ["ls"]));
    }

    [Fact]
    public void Same_history_number_again_is_a_prompt_without_a_new_command()
    {
        var shell = new ShellState(T0, 41);
        Assert.NotNull(BashArtefactFilter.ArtefactReason(Cmd("vim x", 41, 1), shell, []));
        Assert.Null(BashArtefactFilter.ArtefactReason(Cmd("vim x", 42, 1), shell, []));
    }

    [Fact]
    public void A_shell_silent_for_longer_than_a_week_counts_as_new()
    {
        var shell = new ShellState(T0.AddDays(-8), 5);
        Assert.NotNull(BashArtefactFilter.ArtefactReason(Cmd("uptime"), shell, ["uptime"]));
    }

    [Fact]
    public void Remember_keeps_the_newest_distinct_commands()
    {
        var list = new List<string>();
        for (var i = 0; i < 30; i++) BashArtefactFilter.Remember(list, Cmd("c" + i));
        BashArtefactFilter.Remember(list, Cmd("c15"));
        Assert.Equal(BashArtefactFilter.RecentCommands, list.Count);
        Assert.Equal("c15", list[^1]);
        Assert.DoesNotContain("c5", list);
    }
}
