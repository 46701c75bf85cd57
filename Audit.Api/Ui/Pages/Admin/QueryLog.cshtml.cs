using Audit.Api.Endpoints;
using Audit.Api.Queries;
using Microsoft.AspNetCore.Mvc;

namespace Audit.Api.Ui.Pages.Admin;

/// <summary><c>/ui/admin/query-log</c>: <c>GET /api/v1/admin/query-log</c> as a page (and, like it, recorded).</summary>
public sealed class QueryLogModel(ConsoleReads reads, TimeProvider time) : ConsolePageModel
{
    public string? Actor { get; private set; }
    public string? PathFilter { get; private set; }
    public string? From { get; private set; }
    public string? To { get; private set; }
    public Page<QueryLogItem>? Result { get; private set; }
    public string? Next { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? actor, string? path, string? from, string? to, string? cursor, int? limit)
    {
        (Actor, PathFilter, From, To) = (Blank(actor), Blank(path), Blank(from), Blank(to));
        if (PinWindow(From, To, time) is { } pinned) return pinned;
        var read = await reads.ListAsync(HttpContext, new QueryLogQuery(Actor, PathFilter, From, To, limit, cursor),
            QueryLogEndpoints.QueryLog);
        (Result, Errors) = (read.Value, read.Errors);
        Next = Result?.NextCursor is { } c ? With(("cursor", c)) : null;
        return Page();
    }
}
