using Audit.Api.Queries;
using Audit.Api.Validation;
using Audit.Infrastructure.Database;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Audit.Api.Endpoints;

/// <summary><c>/api/v1/logins</c>, <c>/sudo</c>, <c>/account-changes</c>: what auth.log (and auditd) tell.</summary>
public static class AuthEventEndpoints
{
    public static IEndpointRouteBuilder MapAuthEventEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapReadGroup("Authentication");
        group.MapGet("/logins", ListLoginsAsync).WithName("ListLogins")
            .WithSummary("SSH authentication attempts: who tried to log in where, from which address, how, and whether it worked.")
            .WithDescription("One row per attempt: each Failed/Accepted line of an sshd connection (host and pid), with the connection's other lines (the PAM failure, Invalid user, the [preauth] close, PAM's 'N more authentication failures') listed in details — three wrong passwords in one connection are three rows. A connection that ended before any attempt (a scan, a refused key at LogLevel INFO) is one row with outcome closed_before_attempt, never a failure. host= matches where it happened (the syslog header's host); relayHost is the shipper's where it differs.")
            .AddEndpointFilter<ValidationFilter<LoginQuery>>().ProducesList<LoginItem>();
        group.MapGet("/sudo", ListSudoAsync).WithName("ListSudo")
            .WithSummary("sudo use, allowed and denied, from auth.log and auditd (a sudo seen in both is listed once).")
            .AddEndpointFilter<ValidationFilter<SudoQuery>>().ProducesList<SudoItem>();
        group.MapGet("/account-changes", ListAccountChangesAsync).WithName("ListAccountChanges")
            .WithSummary("Users and groups created, deleted, modified; membership and password changes.")
            .AddEndpointFilter<ValidationFilter<AccountChangeQuery>>().ProducesList<AccountChangeItem>();
        return app;
    }

    public static Task<Results<Ok<Page<LoginItem>>, PushStreamHttpResult, ProblemHttpResult>> ListLoginsAsync(
        [AsParameters] LoginQuery query, HttpContext http, AuditDbContext db, ListRunner runner, CancellationToken ct) =>
        runner.RunAsync(http, query, (from, to) => LoginQueries.Filter(db, query, from, to), LoginQueries.ToItem, LoginQueries.Columns, LoginQueries.Values, ct);

    public static Task<Results<Ok<Page<SudoItem>>, PushStreamHttpResult, ProblemHttpResult>> ListSudoAsync(
        [AsParameters] SudoQuery query, HttpContext http, AuditDbContext db, ListRunner runner, CancellationToken ct) =>
        runner.RunAsync(http, query, (from, to) => SudoQueries.Filter(db, query, from, to), SudoQueries.ToItem, SudoQueries.Columns, SudoQueries.Values, ct);

    public static Task<Results<Ok<Page<AccountChangeItem>>, PushStreamHttpResult, ProblemHttpResult>> ListAccountChangesAsync(
        [AsParameters] AccountChangeQuery query, HttpContext http, AuditDbContext db, ListRunner runner, CancellationToken ct) =>
        runner.RunAsync(http, query, (from, to) => AccountChangeQueries.Filter(db, query, from, to), AccountChangeQueries.ToItem, AccountChangeQueries.Columns, AccountChangeQueries.Values, ct);
}
