using System.Text.Json;
using Audit.Api.Endpoints;
using Audit.Api.Queries;
using Audit.Infrastructure.Database;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Audit.Api.Ui.Pages;

/// <summary><c>/ui/sessions/{id}</c>: <c>GET /api/v1/sessions/{id}</c> as a page, executions also as a process tree.</summary>
public sealed class SessionModel(ConsoleReads reads, AuditDbContext db, NpgsqlDataSource dataSource, TimeProvider time) : ConsolePageModel
{
    public SessionDetail? Detail { get; private set; }
    public IReadOnlyList<ProcessNode> Tree { get; private set; } = [];
    public DateTimeOffset Until { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, int? limit)
    {
        var read = await reads.RunAsync<Microsoft.AspNetCore.Http.HttpResults.Results<Microsoft.AspNetCore.Http.HttpResults.Ok<SessionDetail>, Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult>, SessionDetail>(
            HttpContext, () => SessionEndpoints.GetSessionAsync(id, limit, db, dataSource, time, HttpContext.RequestAborted));
        (Detail, Errors) = (read.Value, read.Errors);
        if (Detail is null)
        {
            Response.StatusCode = read.Status;
            return Page();
        }

        Tree = ProcessTree.Build(Detail.Items);
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

    private static string? Field(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
