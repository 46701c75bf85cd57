using System.Globalization;
using System.Net;
using System.Text;
using Audit.Infrastructure.Parsing;
using Audit.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Audit.Tests.Infrastructure.Parsing;

/// <summary>
/// Two API instances on one database, each with its own singletons (parser, state stages), parse one
/// host's auditd log and auth.log, sent as 40-line batches to each in turn, while both drain the queue.
/// The auditd events and login attempts must be exactly those one pass over each whole log gives, every
/// round: a split event (its PROCTITLE apart from its SYSCALL) or a connection's lines merged twice shows
/// up only when a later batch is taken first, so the test repeats.
/// </summary>
public sealed class TwoNodeParseTests : IAsyncLifetime
{
    private const int Rounds = 20;
    private readonly FixedTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly AuditApiFactory _primary = new();
    private WebApplicationFactory<Program> _nodeA = null!;
    private WebApplicationFactory<Program> _nodeB = null!;

    public async Task InitializeAsync()
    {
        await _primary.StartAsync();
        // Small chunks: each pass takes one or two batches, so the two nodes really interleave.
        _primary.Settings["Parsing:ChunkLines"] = "100";
        _nodeA = Node();
        _nodeB = Node();
    }

    [Fact]
    public async Task Two_nodes_parsing_one_hosts_auditd_log_give_the_events_of_a_single_pass_every_time()
    {
        var start = _clock.Now.AddHours(-1);
        var reference = await SinglePassAsync(AuditLogWriter.Write(start, events: 90));
        Assert.Equal(90, reference.Count);
        var loginReference = await SingleAuthPassAsync(host => AuthLogWriter.Write(start, connections: 30, host));
        Assert.Equal(30 * 2, loginReference.Count);
        var h2 = Unique.Host("node-seq");
        foreach (var chunk in AuditLogWriter.Write(start, events: 90).Chunk(40))
        {
            await PostAsync(_nodeA, h2, chunk);
            await ParseAllAsync(_nodeA);
        }

        _clock.Now = _clock.Now.AddSeconds(10);
        await ParseAllAsync(_nodeA);
        Assert.Equal(reference, await EventsAsync(h2));

        for (var round = 0; round < Rounds; round++)
        {
            var host = Unique.Host("node-race");
            var lines = AuditLogWriter.Write(start, events: 90);
            using var stop = new CancellationTokenSource();
            var drainA = DrainUntilStoppedAsync(_nodeA, stop.Token);
            var drainB = DrainUntilStoppedAsync(_nodeB, stop.Token);
            var batch = 0;
            var auth = AuthLogWriter.Write(start, connections: 30, host).Chunk(40).ToList();
            foreach (var chunk in lines.Chunk(40))
            {
                await PostAsync(batch % 2 == 0 ? _nodeA : _nodeB, host, chunk);
                if (batch < auth.Count) await PostAsync(batch % 2 == 0 ? _nodeB : _nodeA, host, auth[batch], "/var/log/auth.log");
                batch++;
            }

            var queued = await Eventually.ReachAsync(() => _primary.Database.ScalarAsync<long>("SELECT count(*) FROM parse_queue"), n => n == 0, TimeSpan.FromMinutes(2));
            Assert.Equal(0L, queued);
            await stop.CancelAsync();
            await Task.WhenAll(drainA, drainB);
            _clock.Now = _clock.Now.AddSeconds(10); // past the quiet window: anything still pending goes out
            await Task.WhenAll(ParseAllAsync(_nodeA), ParseAllAsync(_nodeB));

            Assert.Equal(reference, await EventsAsync(host));
            Assert.Equal(loginReference, await LoginsAsync(host));
        }
    }

    [Theory]
    [InlineData(30)]  // longer than the quiet window
    [InlineData(900)] // longer than the time after which sshd's pid counts as a new connection
    public async Task A_parse_backlog_longer_than_the_quiet_window_cuts_no_event_or_connection_at_a_batch_boundary(int backlogSeconds)
    {
        var start = _clock.Now.AddHours(-1);
        var reference = await SinglePassAsync(AuditLogWriter.Write(start, events: 90));
        var host = Unique.Host("node-backlog");
        var loginReference = await SingleAuthPassAsync(h => AuthLogWriter.Write(start, connections: 30, h));

        // Every batch arrives, then the parser falls behind by more than the quiet window: each pass
        // sees records and sshd lines that came in long ago, whose rest waits in the next batches.
        foreach (var chunk in AuditLogWriter.Write(start, events: 90).Chunk(40)) await PostAsync(_nodeA, host, chunk);
        foreach (var chunk in AuthLogWriter.Write(start, connections: 30, host).Chunk(40)) await PostAsync(_nodeA, host, chunk, "/var/log/auth.log");
        _clock.Now = _clock.Now.AddSeconds(backlogSeconds);
        using (var scope = _nodeA.Services.CreateScope())
        {
            var job = scope.ServiceProvider.GetRequiredService<ParseJob>();
            var passes = 0;
            while (await job.ParseNextChunkAsync(CancellationToken.None) > 0) passes++;
            Assert.True(passes > 2, $"{passes} passes: the batches were not parsed apart");
        }

        _clock.Now = _clock.Now.AddSeconds(10);
        await ParseAllAsync(_nodeA);
        Assert.Equal(reference, await EventsAsync(host));
        Assert.Equal(loginReference, await LoginsAsync(host));
    }

    private async Task<List<string>> SingleAuthPassAsync(Func<string, string[]> lines)
    {
        var host = Unique.Host("node-single");
        await PostAsync(_nodeA, host, lines(host), "/var/log/auth.log");
        await ParseAllAsync(_nodeA);
        _clock.Now = _clock.Now.AddSeconds(10);
        await ParseAllAsync(_nodeA);
        return await LoginsAsync(host);
    }

    /// <summary>Each attempt row as its connection, user, outcome and merged lines.</summary>
    private Task<List<string>> LoginsAsync(string host) => QueryAsync("""
        SELECT sshd_pid || ' ' || coalesce(user_name, '-') || ' ' || outcome || ' ' || array_to_string(details, ',')
        FROM logins WHERE host = @h ORDER BY sshd_pid, occurred_at, raw_id
        """, host);

    private async Task<List<string>> SinglePassAsync(string[] lines)
    {
        var host = Unique.Host("node-single");
        await PostAsync(_nodeA, host, lines);
        await ParseAllAsync(_nodeA);
        _clock.Now = _clock.Now.AddSeconds(10);
        await ParseAllAsync(_nodeA);
        return await EventsAsync(host);
    }

    /// <summary>Each event as its serial, record types and the fields the records fill (the host left out).</summary>
    private Task<List<string>> EventsAsync(string host) => QueryAsync("""
        SELECT serial || ' ' || array_to_string(record_types, ',') || ' ' || coalesce(syscall, '-') || ' ' || coalesce(proctitle, '-')
               || ' ' || coalesce(cwd, '-') || ' ' || coalesce(jsonb_array_length(paths), 0) || ' ' || cardinality(raw_ids)
        FROM audit_events WHERE host = @h ORDER BY serial
        """, host);

    private async Task<List<string>> QueryAsync(string sql, string host)
    {
        var list = new List<string>();
        await using var cmd = _primary.Database.DataSource.CreateCommand(sql);
        cmd.Parameters.AddWithValue("h", host);
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) list.Add(r.GetString(0));
        return list;
    }

    private static async Task PostAsync(WebApplicationFactory<Program> node, string host, IEnumerable<string> lines, string source = "/var/log/audit/audit.log")
    {
        using var client = node.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", AuditApiFactory.AdminKey);
        var body = string.Join('\n', lines) + "\n";
        var r = await client.PostAsync($"/api/v1/ingest?host={host}&source={source}", new StringContent(body, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
    }

    private static async Task DrainUntilStoppedAsync(WebApplicationFactory<Program> node, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            if (await ParseAllAsync(node) == 0) await Task.Yield();
        }
    }

    private static async Task<int> ParseAllAsync(WebApplicationFactory<Program> node)
    {
        using var scope = node.Services.CreateScope();
        var job = scope.ServiceProvider.GetRequiredService<ParseJob>();
        var total = 0;
        int n;
        while ((n = await job.ParseNextChunkAsync(CancellationToken.None)) > 0) total += n;
        return total;
    }

    private WebApplicationFactory<Program> Node() =>
        _primary.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(_clock)));

    public async Task DisposeAsync()
    {
        await _nodeA.DisposeAsync();
        await _nodeB.DisposeAsync();
        await ((IAsyncLifetime)_primary).DisposeAsync();
    }

    /// <summary>
    /// An auth.log as OpenSSH 9.2 with PAM writes it for password guessing: connections of two wrong
    /// passwords each (PAM failure, verdict, twice; the close; PAM's summary), two connections
    /// interleaved at a time, so batches cut connections anywhere.
    /// </summary>
    private static class AuthLogWriter
    {
        public static string[] Write(DateTimeOffset start, int connections, string host)
        {
            var lines = new List<string>();
            for (var c = 0; c < connections; c += 2)
            {
                var t = start.AddSeconds(c * 3);
                string L(int pid, int s, string msg) => $"{t.AddSeconds(s):yyyy-MM-ddTHH:mm:ss.ffffffK} {host} sshd[{pid}]: {msg}";
                int[] pids = [6000 + c, 6001 + c];
                for (var attempt = 0; attempt < 2; attempt++)
                {
                    foreach (var pid in pids)
                    {
                        var user = "user" + pid;
                        lines.Add(L(pid, attempt, $"pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.{c % 250}  user={user}"));
                        lines.Add(L(pid, attempt, $"Failed password for {user} from 203.0.113.{c % 250} port {40000 + pid} ssh2"));
                    }
                }

                foreach (var pid in pids)
                {
                    lines.Add(L(pid, 2, $"Connection closed by authenticating user user{pid} 203.0.113.{c % 250} port {40000 + pid} [preauth]"));
                    lines.Add(L(pid, 2, $"PAM 1 more authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.{c % 250}  user=user{pid}"));
                }
            }

            return [.. lines];
        }
    }

    /// <summary>
    /// An audit.log as auditd 3.0 writes it for a login that runs a few commands: execve events
    /// (SYSCALL, EXECVE, CWD, two PATHs, PROCTITLE, EOE), file opens (SYSCALL, CWD, PATH, PROCTITLE,
    /// EOE), connects (SYSCALL, SOCKADDR, PROCTITLE, EOE) and user-space records (one line each).
    /// </summary>
    private static class AuditLogWriter
    {
        public static string[] Write(DateTimeOffset start, int events)
        {
            var lines = new List<string>();
            for (var i = 0; i < events; i++)
            {
                var t = start.AddMilliseconds(i * 137).ToUnixTimeMilliseconds();
                var id = $"audit({(t / 1000).ToString(CultureInfo.InvariantCulture)}.{t % 1000:D3}:{7000 + i})";
                var pid = 5100 + i;
                switch (i % 4)
                {
                    case 0:
                        lines.Add($"type=SYSCALL msg={id}: arch=c000003e syscall=59 success=yes exit=0 a0=55e1 a1=55e2 a2=55e3 a3=0 items=2 ppid=5003 pid={pid} auid=1000 uid=1000 gid=1000 euid=1000 suid=1000 fsuid=1000 egid=1000 sgid=1000 fsgid=1000 tty=pts0 ses=4 comm=\"ls\" exe=\"/usr/bin/ls\" subj=unconfined key=\"exec\"");
                        lines.Add($"type=EXECVE msg={id}: argc=2 a0=\"ls\" a1=\"-la\"");
                        lines.Add($"type=CWD msg={id}: cwd=\"/home/alice\"");
                        lines.Add($"type=PATH msg={id}: item=0 name=\"/usr/bin/ls\" inode=1049 dev=fd:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0");
                        lines.Add($"type=PATH msg={id}: item=1 name=\"/lib64/ld-linux-x86-64.so.2\" inode=1048 dev=fd:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0");
                        lines.Add($"type=PROCTITLE msg={id}: proctitle=6C73002D6C61");
                        lines.Add($"type=EOE msg={id}: ");
                        break;
                    case 1:
                        lines.Add($"type=SYSCALL msg={id}: arch=c000003e syscall=257 success=no exit=-13 a0=ffffff9c a1=7ffd a2=0 a3=0 items=1 ppid=5003 pid={pid} auid=1000 uid=1000 gid=1000 euid=1000 suid=1000 fsuid=1000 egid=1000 sgid=1000 fsgid=1000 tty=pts0 ses=4 comm=\"cat\" exe=\"/usr/bin/cat\" subj=unconfined key=\"shadow\"");
                        lines.Add($"type=CWD msg={id}: cwd=\"/home/alice\"");
                        lines.Add($"type=PATH msg={id}: item=0 name=\"/etc/shadow\" inode=2637 dev=fd:01 mode=0100640 ouid=0 ogid=42 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0");
                        lines.Add($"type=PROCTITLE msg={id}: proctitle=636174002F6574632F736861646F77");
                        lines.Add($"type=EOE msg={id}: ");
                        break;
                    case 2:
                        lines.Add($"type=SYSCALL msg={id}: arch=c000003e syscall=42 success=no exit=-115 a0=5 a1=7ffd2c0b a2=10 a3=0 items=0 ppid=5003 pid={pid} auid=1000 uid=1000 gid=1000 euid=1000 suid=1000 fsuid=1000 egid=1000 sgid=1000 fsgid=1000 tty=pts0 ses=4 comm=\"curl\" exe=\"/usr/bin/curl\" subj=unconfined key=\"net\"");
                        lines.Add($"type=SOCKADDR msg={id}: saddr=020001BB5DB8D8220000000000000000");
                        lines.Add($"type=PROCTITLE msg={id}: proctitle=6375726C0068747470733A2F2F6578616D706C652E6F7267");
                        lines.Add($"type=EOE msg={id}: ");
                        break;
                    default:
                        lines.Add($"type=USER_CMD msg={id}: pid={pid} uid=1000 auid=1000 ses=4 subj=unconfined msg='cwd=\"/home/alice\" cmd=6964 exe=\"/usr/bin/sudo\" terminal=pts/0 res=success'");
                        break;
                }
            }

            return [.. lines];
        }
    }
}
