using Audit.Api.Endpoints;
using FluentValidation;
using Hangfire;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Audit.Api.Ui.Pages.Admin;

/// <summary><c>/ui/admin/reparse</c>: <c>/api/v1/admin/reparse</c> as a form, and a request's progress by <c>?id=</c>.</summary>
public sealed class ReparseModel(NpgsqlDataSource db, IBackgroundJobClient jobs, IValidator<ReparseRequest> validator, TimeProvider time) : ConsolePageModel
{
    public string? From { get; private set; }
    public string? To { get; private set; }
    public ReparseStatus? Status { get; private set; }

    public async Task OnGetAsync(long? id, CancellationToken ct)
    {
        if (id is { } n && await ReparseEndpoints.GetReparseAsync(n, db, ct) is { Result: Microsoft.AspNetCore.Http.HttpResults.Ok<ReparseStatus> ok }) Status = ok.Value;
    }

    public async Task<IActionResult> OnPostAsync(string? from, string? to, bool onlyUnparsed, CancellationToken ct)
    {
        (From, To) = (Blank(from), Blank(to));
        var request = new ReparseRequest(From, To, onlyUnparsed);
        var validation = await validator.ValidateAsync(request, ct);
        if (!validation.IsValid)
        {
            Errors = validation.Errors.Select(e => e.ErrorMessage).ToList();
            return Page();
        }

        var accepted = await ReparseEndpoints.RequestReparseAsync(request, HttpContext, db, jobs, time, ct);
        return Redirect($"/ui/admin/reparse?id={accepted.Value!.Id}");
    }
}
