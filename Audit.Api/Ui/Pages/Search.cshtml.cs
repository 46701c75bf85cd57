using Audit.Api.Endpoints;
using Audit.Api.Queries;
using Microsoft.AspNetCore.Mvc;

namespace Audit.Api.Ui.Pages;

/// <summary><c>/ui/search</c>: <c>GET /api/v1/search</c> as a page.</summary>
public sealed class SearchModel(ConsoleReads reads, QueryStore store, UnionRunner union, TimeProvider time) : ConsolePageModel
{
    public string? Q { get; private set; }
    public string? Host { get; private set; }
    public string? UserName { get; private set; }
    public string? From { get; private set; }
    public string? To { get; private set; }
    public Page<TimelineItem>? Result { get; private set; }
    public string? Next { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? q, string? host, string? user, string? from, string? to, string? cursor, int? limit)
    {
        (Q, Host, UserName, From, To) = (Blank(q), Blank(host), Blank(user), Blank(from), Blank(to));
        if (Q is null) return Page();
        if (PinWindow(From, To, time) is { } pinned) return pinned;
        var read = await reads.ListAsync(HttpContext, new SearchQuery(Q, Host, UserName, From, To, limit, cursor, null),
            query => TimelineEndpoints.SearchAsync(query, HttpContext, store, union, HttpContext.RequestAborted));
        (Result, Errors) = (read.Value, read.Errors);
        Next = Result?.NextCursor is { } c ? With(("cursor", c)) : null;
        return Page();
    }
}
