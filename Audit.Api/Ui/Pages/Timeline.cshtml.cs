using Audit.Api.Endpoints;
using Audit.Api.Queries;
using Microsoft.AspNetCore.Mvc;

namespace Audit.Api.Ui.Pages;

/// <summary><c>/ui/timeline</c>: <c>GET /api/v1/timeline</c> as a page.</summary>
public sealed class TimelineModel(ConsoleReads reads, QueryStore store, UnionRunner union, TimeProvider time) : ConsolePageModel
{
    public string? Host { get; private set; }
    public string? UserName { get; private set; }
    public string? From { get; private set; }
    public string? To { get; private set; }
    public Page<TimelineItem>? Result { get; private set; }
    public string? Next { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? host, string? user, string? from, string? to, string? cursor, int? limit)
    {
        (Host, UserName, From, To) = (Blank(host), Blank(user), Blank(from), Blank(to));
        if (Host is null && UserName is null) return Page();
        if (PinWindow(From, To, time) is { } pinned) return pinned;
        var read = await reads.ListAsync(HttpContext, new TimelineQuery(Host, UserName, From, To, limit, cursor, null),
            query => TimelineEndpoints.TimelineAsync(query, HttpContext, store, union, HttpContext.RequestAborted));
        (Result, Errors) = (read.Value, read.Errors);
        Next = Result?.NextCursor is { } c ? With(("cursor", c)) : null;
        return Page();
    }
}
