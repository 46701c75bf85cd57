using System.Text.Json;
using Audit.Api.Endpoints;
using Audit.Api.Queries;
using Microsoft.AspNetCore.Mvc;

namespace Audit.Api.Ui.Pages;

/// <summary>A node of the API's process tree as the console draws it: marked when the execution ran with root's rights.</summary>
public sealed record ProcessView(ProcessNode Node, bool AsRoot, IReadOnlyList<ProcessView> Children);

/// <summary>
/// <c>/ui/sessions/{id}</c>: <c>GET /api/v1/sessions/{id}</c> as a page, with the answer's <c>processTree</c>;
/// an execution is marked as root from its entry among the session's items (euid 0 or effective user root).
/// </summary>
public sealed class SessionModel(ConsoleReads reads, QueryStore store, TimeProvider time) : ConsolePageModel
{
    public SessionDetail? Detail { get; private set; }
    public IReadOnlyList<ProcessView> Tree { get; private set; } = [];
    public DateTimeOffset Until { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, int? limit)
    {
        var read = await reads.RunAsync<Microsoft.AspNetCore.Http.HttpResults.Results<Microsoft.AspNetCore.Http.HttpResults.Ok<SessionDetail>, Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult>, SessionDetail>(
            HttpContext, () => SessionEndpoints.GetSessionAsync(id, limit, store, time, HttpContext.RequestAborted));
        (Detail, Errors) = (read.Value, read.Errors);
        if (Detail is null)
        {
            Response.StatusCode = read.Status;
            return Page();
        }

        var asRoot = Detail.Items.Where(i => i.Kind == "execution" && (Field(i.Detail, "effectiveUser") == "root" || Number(i.Detail, "euid") == 0))
            .Select(i => (i.Time.UtcTicks, i.RawId)).ToHashSet();
        Tree = Detail.ProcessTree is { } tree ? [View(tree, asRoot)] : [];
        Until = Detail.Session.End ?? (Detail.Items.Count > 0 ? Detail.Items[^1].Time : Detail.Session.Start).AddMinutes(1);
        return Page();
    }

    /// <summary>Who an entry ran as, where the kind says.</summary>
    public string? RunAs(TimelineItem item) => item.Kind switch
    {
        "execution" => Field(item.Detail, "effectiveUser") ?? (item.Detail.TryGetProperty("euid", out var euid) && euid.ValueKind == JsonValueKind.Number ? (euid.GetInt64() == 0 ? "root" : $"euid {euid}") : null),
        "command" or "sudo" => Field(item.Detail, "runAs"),
        "su" => Field(item.Detail, "target"),
        _ => null,
    };

    private static ProcessView View(ProcessNode node, HashSet<(long, long)> asRoot) =>
        new(node, node.Kind == "execution" && ExecutionQueries.TryParseId(node.Id, out var t, out var rawId, out _) && asRoot.Contains((t.UtcTicks, rawId)),
            node.Children.Select(c => View(c, asRoot)).ToList());

    private static long? Number(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

    private static string? Field(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
