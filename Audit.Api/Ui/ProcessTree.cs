using System.Text.Json;
using Audit.Api.Queries;

namespace Audit.Api.Ui;

/// <summary>One execution in a session's process tree, with the executions it started.</summary>
public sealed record ProcessNode(TimelineItem Execution, int? Pid, int? Ppid, string? User, string? EffectiveUser, int? Euid, List<ProcessNode> Children)
{
    /// <summary>Ran with root's rights (after sudo or su), whoever logged in.</summary>
    public bool AsRoot => Euid == 0 || EffectiveUser == "root";
}

/// <summary>
/// Builds the process tree of a session from its executions' pid and ppid alone: an execution's parent
/// is the latest earlier execution of the session whose pid is its ppid (pids are reused, so the
/// latest one before it is the one that was running). Executions whose parent is outside the
/// session's executions (sshd, or a process that never exec'd) are roots.
/// </summary>
public static class ProcessTree
{
    public static IReadOnlyList<ProcessNode> Build(IEnumerable<TimelineItem> items)
    {
        var nodes = items.Where(i => i.Kind == "execution").OrderBy(i => i.Time).ThenBy(i => i.RawId)
            .Select(i => new ProcessNode(i, Int(i.Detail, "pid"), Int(i.Detail, "ppid"), Text(i.Detail, "user"), Text(i.Detail, "effectiveUser"), Int(i.Detail, "euid"), [])).ToList();
        var latestByPid = new Dictionary<int, ProcessNode>();
        var roots = new List<ProcessNode>();
        foreach (var node in nodes)
        {
            // A process that exec's again keeps its pid and ppid, so it lands beside its earlier image, under the same parent.
            if (node.Ppid is { } ppid && ppid != node.Pid && latestByPid.TryGetValue(ppid, out var parent)) parent.Children.Add(node);
            else roots.Add(node);
            if (node.Pid is { } pid) latestByPid[pid] = node;
        }

        return roots;
    }

    private static int? Int(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : null;

    private static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
