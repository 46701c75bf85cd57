using System.Text.Json;
using Audit.Api.Queries;
using Audit.Api.Ui;

using ProcessNode = Audit.Api.Ui.ProcessNode;

namespace Audit.Tests.Ui;

public sealed class ProcessTreeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    private static TimelineItem Exec(int second, int pid, int ppid, string command, int euid = 1000, string kind = "execution") =>
        new(T0.AddSeconds(second), kind, "web-1", "dana", command,
            JsonDocument.Parse($$"""{"pid":{{pid}},"ppid":{{ppid}},"euid":{{euid}},"user":null,"effectiveUser":null}""").RootElement.Clone(), 100 + second);

    private static string Shape(IEnumerable<ProcessNode> nodes) =>
        string.Join(" ", nodes.Select(n => n.Execution.Summary + (n.AsRoot ? "#" : "") + (n.Children.Count > 0 ? "(" + Shape(n.Children) + ")" : "")));

    [Fact]
    public void Executions_nest_under_the_execution_whose_pid_is_their_ppid()
    {
        var tree = ProcessTree.Build([
            Exec(1, 200, 100, "-bash"), Exec(2, 210, 200, "git status"), Exec(3, 220, 200, "sudo -i"),
            Exec(4, 221, 220, "-bash", euid: 0), Exec(5, 230, 221, "cat /etc/shadow", euid: 0),
        ]);
        Assert.Equal("-bash(git status sudo -i(-bash#(cat /etc/shadow#)))", Shape(tree));
    }

    [Fact]
    public void A_reused_pid_parents_only_what_came_after_its_latest_use()
    {
        var tree = ProcessTree.Build([
            Exec(1, 200, 100, "-bash"), Exec(2, 300, 200, "make"), Exec(3, 301, 300, "cc a.c"),
            Exec(10, 300, 200, "python3"), Exec(11, 302, 300, "ls"),
        ]);
        Assert.Equal("-bash(make(cc a.c) python3(ls))", Shape(tree));
    }

    [Fact]
    public void Executions_whose_parent_never_exec_d_in_the_session_are_roots_and_other_kinds_are_left_out()
    {
        var tree = ProcessTree.Build([
            Exec(1, 500, 1, "/usr/sbin/cron"), Exec(2, 601, 600, "backup.sh"), Exec(3, 602, 601, "tar czf x", kind: "command"),
        ]);
        Assert.Equal("/usr/sbin/cron backup.sh", Shape(tree));
    }

    [Fact]
    public void Order_of_the_input_does_not_matter()
    {
        var items = new[] { Exec(1, 200, 100, "-bash"), Exec(2, 210, 200, "vim"), Exec(3, 211, 210, "sh -c make") };
        Assert.Equal(Shape(ProcessTree.Build(items)), Shape(ProcessTree.Build(items.Reverse())));
    }
}
