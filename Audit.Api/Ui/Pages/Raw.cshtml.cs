using Audit.Api.Endpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Audit.Api.Queries;

namespace Audit.Api.Ui.Pages;

/// <summary><c>/ui/raw/{id}</c>: <c>GET /api/v1/raw/{id}</c> as a page.</summary>
public sealed class RawModel(ConsoleReads reads, QueryStore store) : ConsolePageModel
{
    public RawLineItem? Line { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id)
    {
        var read = await reads.RunAsync<Results<Ok<RawLineItem>, ProblemHttpResult>, RawLineItem>(HttpContext, () => RawLineEndpoints.GetRawLineAsync(id, store, HttpContext.RequestAborted));
        (Line, Errors) = (read.Value, read.Errors);
        if (Line is null) Response.StatusCode = read.Status;
        return Page();
    }
}
