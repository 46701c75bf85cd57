using Audit.Infrastructure.Database;

namespace Audit.Api.Queries;

public static class LoginQueries
{
    public static readonly string[] Columns = ["time", "host", "user", "sourceIp", "sourcePort", "sourceHost", "method", "outcome", "invalidUser", "keyType", "keyFingerprint", "detail", "service", "sshdPid", "rawId", "details", "relayHost"];

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

    public static object?[] Values(LoginItem l) =>
        [l.Time, l.Host, l.User, l.SourceIp, l.SourcePort, l.SourceHost, l.Method, l.Outcome, l.InvalidUser, l.KeyType, l.KeyFingerprint, l.Detail, l.Service, l.SshdPid, l.RawId, l.Details is null ? null : string.Join(' ', l.Details), l.RelayHost];
}
