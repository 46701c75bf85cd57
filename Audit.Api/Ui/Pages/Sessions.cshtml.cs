using Audit.Api.Endpoints;
using Audit.Api.Queries;
using Microsoft.AspNetCore.Mvc;

namespace Audit.Api.Ui.Pages;

/// <summary><c>/ui/sessions</c>: <c>GET /api/v1/sessions</c> as a page, each login linking to its session page.</summary>
public sealed class SessionsModel(ConsoleReads reads, TimeProvider time) : ConsolePageModel
{
    public string? Host { get; private set; }
    public string? UserName { get; private set; }
    public string? Ip { get; private set; }
    public string? From { get; private set; }
    public string? To { get; private set; }
    public Page<SessionItem>? Result { get; private set; }
    public string? Next { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? host, string? user, string? ip, string? from, string? to, string? cursor, int? limit)
    {
        (Host, UserName, Ip, From, To) = (Blank(host), Blank(user), Blank(ip), Blank(from), Blank(to));
        if (PinWindow(From, To, time) is { } pinned) return pinned;
        var read = await reads.ListAsync(HttpContext, new SessionQuery(Host, UserName, From, To, limit, cursor, Ip),
            SessionEndpoints.Sessions);
        (Result, Errors) = (read.Value, read.Errors);
        Next = Result?.NextCursor is { } c ? With(("cursor", c)) : null;
        return Page();
    }
}
