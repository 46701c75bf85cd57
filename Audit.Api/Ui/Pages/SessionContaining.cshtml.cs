using Audit.Api.Endpoints;
using Audit.Api.Queries;
using Microsoft.AspNetCore.Mvc;

namespace Audit.Api.Ui.Pages;

/// <summary>
/// <c>/ui/sessions/containing?host=&amp;user=&amp;at=</c>: from any entry to the login it happened in — the
/// newest login of that user on that host before it (read through <c>GET /api/v1/sessions</c>), when it
/// had not ended yet; then a redirect to its session page.
/// </summary>
public sealed class SessionContainingModel(ConsoleReads reads) : ConsolePageModel
{
    public string? Host { get; private set; }
    public string? UserName { get; private set; }
    public DateTimeOffset At { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? host, string? user, string? at)
    {
        (Host, UserName) = (Blank(host), Blank(user));
        if (Host is null || UserName is null || !QueryWindow.TryParseTime(at, out var when))
        {
            Errors = ["Give host, user and at (ISO 8601)."];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        At = when;
        var query = new SessionQuery(Host, UserName, ConsoleHtml.Iso(when - SessionEndpoints.LongestSession), ConsoleHtml.Iso(when.AddSeconds(1)), 1, null, null);
        var read = await reads.ListAsync(HttpContext, query, SessionEndpoints.Sessions);
        Errors = read.Errors;
        if (read.Value?.Items is [var s] && (s.End is null || s.End >= when.AddSeconds(-5))) return Redirect("/ui/sessions/" + Uri.EscapeDataString(s.Id));
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
