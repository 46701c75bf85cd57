using Audit.Api.Queries;
using Audit.Api.Validation;
using Audit.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Audit.Api.Endpoints;

/// <summary>Filters of <c>GET /api/v1/logins</c>.</summary>
/// <param name="User">The user name sshd was asked for (also invalid ones).</param>
/// <param name="Ip">Exact source IP (v4 or v6).</param>
/// <param name="Outcome">success, failure or closed_before_attempt.</param>
public sealed record LoginQuery(string? Host, string? User, string? From, string? To, int? Limit, string? Cursor, string? Ip, string? Outcome) : IListQuery
{
    public string Signature => $"logins|{Host}|{User}|{From}|{To}|{Ip}|{Outcome}";
}

/// <summary>
/// One authentication attempt (sshd's lines of one connection merged: one row per <c>Failed</c>/<c>Accepted</c>),
/// or a connection closed before any attempt (outcome <c>closed_before_attempt</c>), or another PAM service's failure.
/// </summary>
/// <param name="Outcome">success, failure, or closed_before_attempt (an sshd connection that ended before any password or key was tried).</param>
/// <param name="Detail">The line the row stands for, e.g. accepted, failed, pam_failure (a PAM failure whose verdict line never came), preauth_closed, no_identification.</param>
/// <param name="RelayHost">The shipper's host where it differs from the syslog header's (a relay); <c>host</c> (and host=) is the header's.</param>
/// <param name="Details">Every line of the connection merged into this row, in order, e.g. [pam_failure, failed, preauth_closed]; null for rows not merged.</param>
/// <param name="Service">sshd, or the PAM service of another login failure (login, vsftpd …).</param>
/// <param name="SourceHost">The client's name where sshd logged one (UseDNS).</param>
public sealed record LoginItem(
    DateTimeOffset Time, string Host, string? User, string? SourceIp, int? SourcePort, string? SourceHost, string? Method, string Outcome,
    bool InvalidUser, string? KeyType, string? KeyFingerprint, string Detail, string Service, int? SshdPid, long RawId, IReadOnlyList<string>? Details, string? RelayHost = null);

public sealed class LoginQueryValidator : ListQueryValidator<LoginQuery>
{
    public LoginQueryValidator() => OneOf(q => q.Outcome, ["success", "failure", "closed_before_attempt"]);
}

/// <summary><c>GET /api/v1/logins</c>: what auth.log tells of logins.</summary>
public static class LoginEndpoints
{
    public static readonly ListSource<LoginQuery, LoginRow, LoginItem> Logins = new(Filter, ToItem);

    public static IEndpointRouteBuilder MapLoginEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapReadGroup("Authentication");
        group.MapList("/logins", Logins).WithName("ListLogins")
            .WithSummary("SSH authentication attempts: who tried to log in where, from which address, how, and whether it worked.")
            .WithDescription("One row per attempt: each Failed/Accepted line of an sshd connection (host and pid), with the connection's other lines (the PAM failure, Invalid user, the [preauth] close, PAM's 'N more authentication failures') listed in details — three wrong passwords in one connection are three rows. A connection that ended before any attempt (a scan, a refused key at LogLevel INFO) is one row with outcome closed_before_attempt, never a failure. host= matches where it happened (the syslog header's host); relayHost is the shipper's where it differs.");
        return app;
    }

    public static IQueryable<LoginRow> Filter(AuditDbContext db, LoginQuery q, DateTimeOffset from, DateTimeOffset to)
    {
        var rows = db.Logins.Where(l => l.OccurredAt >= from && l.OccurredAt <= to);
        if (!string.IsNullOrEmpty(q.Host)) rows = rows.Where(l => l.Host == q.Host);
        if (!string.IsNullOrEmpty(q.User)) rows = rows.Where(l => l.UserName == q.User);
        if (!string.IsNullOrEmpty(q.Ip)) rows = rows.Where(l => l.SourceIp == q.Ip);
        if (!string.IsNullOrEmpty(q.Outcome)) rows = rows.Where(l => l.Outcome == q.Outcome);
        return rows;
    }

    public static LoginItem ToItem(LoginRow l) =>
        new(l.OccurredAt, l.Host, l.UserName, l.SourceIp, l.SourcePort, l.SourceHost, l.Method, l.Outcome, l.InvalidUser, l.KeyType, l.KeyFingerprint, l.Detail, l.Service, l.SshdPid, l.RawId, l.Details, l.RelayHost);
}
