using Audit.Api.Endpoints;
using Audit.Api.Queries;
using Microsoft.AspNetCore.Mvc;

namespace Audit.Api.Ui.Pages;

/// <summary><c>/ui/unparsed</c>: <c>GET /api/v1/unparsed</c> as a page.</summary>
public sealed class UnparsedModel(ConsoleReads reads, TimeProvider time) : ConsolePageModel
{
    public string? Host { get; private set; }
    public string? Source { get; private set; }
    public string? Reason { get; private set; }
    public string? From { get; private set; }
    public string? To { get; private set; }
    public Page<UnparsedItem>? Result { get; private set; }
    public string? Next { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? host, string? source, string? reason, string? from, string? to, string? cursor, int? limit)
    {
        (Host, Source, Reason, From, To) = (Blank(host), Blank(source), Blank(reason), Blank(from), Blank(to));
        if (PinWindow(From, To, time) is { } pinned) return pinned;
        var read = await reads.ListAsync(HttpContext, new UnparsedQuery(Host, From, To, limit, cursor, Source, Reason),
            UnparsedEndpoints.Unparsed);
        (Result, Errors) = (read.Value, read.Errors);
        Next = Result?.NextCursor is { } c ? With(("cursor", c)) : null;
        return Page();
    }
}
