using System.Text;
using Npgsql;

namespace Audit.Api.Queries;

/// <summary>The UNION over event tables that gathers what happened inside one session, oldest first.</summary>
public static class SessionActivity
{
    public static async Task<(List<TimelineItem> Items, bool Truncated)> LoadAsync(NpgsqlDataSource db, SessionItem s, DateTimeOffset until, int limit, CancellationToken ct)
    {
        var p = new List<NpgsqlParameter>
        {
            new("host", s.Host), new("start", s.Start.ToUniversalTime()), new("until", until.ToUniversalTime()),
            new("user", (object?)s.User ?? DBNull.Value), new("n", limit + 1), new("sshd_pid", (object?)s.SshdPid ?? DBNull.Value),
        };
        var window = "host = @host AND occurred_at >= @start AND occurred_at <= @until";
        var branches = new List<string>();
        if (s.AuditSession is { } ses)
        {
            p.Add(new NpgsqlParameter("ses", ses));
            branches.Add(Branch("execution", $"{window} AND session = @ses"));
            // Shells the session started (their own execve carries the ses): their typed commands belong to it.
            branches.Add(Branch("command", $"{window} AND shell_pid IN (SELECT pid FROM executions WHERE {window} AND session = @ses)"));
            // sudo: the auth.log row (it has runAs) when auditd saw it in this session, else auditd's row, and auth.log rows auditd never saw.
            var twin = $"FROM sudo_events d WHERE d.host = sudo_events.host AND d.command_key = sudo_events.command_key " +
                $"AND d.occurred_at BETWEEN sudo_events.occurred_at - interval '{SudoQueries.TwinWindowSeconds} s' AND sudo_events.occurred_at + interval '{SudoQueries.TwinWindowSeconds} s'";
            branches.Add(Branch("sudo", $"{window} AND (" +
                $"(origin = 'auth' AND EXISTS (SELECT 1 {twin} AND d.origin = 'auditd' AND d.session = @ses)) OR " +
                $"(origin = 'auditd' AND session = @ses AND NOT EXISTS (SELECT 1 {twin} AND d.origin = 'auth')) OR " +
                $"(origin = 'auth' AND user_name = @user AND NOT EXISTS (SELECT 1 {twin} AND d.origin = 'auditd')))"));
        }
        else
        {
            branches.Add(Branch("command", $"{window} AND login_user = @user"));
            branches.Add(Branch("sudo", $"{window} AND (user_name = @user OR login_user = @user)"));
        }

        branches.Add(Branch("su", $"{window} AND user_name = @user"));
        branches.Add(Branch("session", $"{window} AND service = 'sshd' AND pid = @sshd_pid"));

        var sql = new StringBuilder("SELECT occurred_at, kind, host, user_name, summary, detail, raw_id, key FROM (")
            .AppendJoin(" UNION ALL ", branches).Append(") u ORDER BY occurred_at, key LIMIT @n").ToString();
        var rows = await UnionQuery.RunAsync(db, sql, p, ct).ToListAsync(ct);
        var truncated = rows.Count > limit;
        if (truncated) rows.RemoveAt(limit);
        return (rows.Select(UnionRunner.ToItem).ToList(), truncated);
    }

    private static string Branch(string kindName, string where)
    {
        var k = EventKind.All.Single(e => e.Name == kindName);
        return $"(SELECT occurred_at, '{k.Name}' AS kind, host, {k.UserColumn} AS user_name, {k.Summary} AS summary, ({k.Detail})::text AS detail, " +
               $"raw_id, raw_id * 16 + {k.Number} AS key FROM {k.Table} WHERE {where})";
    }
}
