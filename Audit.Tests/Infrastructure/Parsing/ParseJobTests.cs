using System.Net;
using System.Text;
using System.Text.Json;
using Audit.Infrastructure.Parsing;
using Audit.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Audit.Tests.Infrastructure.Parsing;

[Collection(ApiCollection.Name)]
public sealed class ParseJobTests(AuditApiFactory api)
{
    [Fact]
    public async Task Running_the_job_twice_stores_every_line_once()
    {
        var host = Unique.Host();
        await IngestBashLines(host, 300);
        await api.ParseAllAsync();
        await api.ParseAllAsync();
        using (var scope = api.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ParseJob>().RunAsync(0, CancellationToken.None);
        }

        Assert.Equal(300L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM commands WHERE host = @h", ("h", host)));
    }

    [Fact]
    public async Task A_job_killed_mid_way_loses_and_duplicates_nothing()
    {
        var host = Unique.Host();
        await IngestBashLines(host, 500);

        // Hold the commands table so the job blocks inside its transaction, then kill it there.
        await using (var blocker = await api.Database.DataSource.OpenConnectionAsync())
        await using (var tx = await blocker.BeginTransactionAsync())
        {
            await using (var lockCmd = new Npgsql.NpgsqlCommand("LOCK TABLE commands IN ACCESS EXCLUSIVE MODE", blocker, tx))
            {
                await lockCmd.ExecuteNonQueryAsync();
            }

            using var kill = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            using var scope = api.Services.CreateScope();
            var job = scope.ServiceProvider.GetRequiredService<ParseJob>();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => job.ParseNextChunkAsync(kill.Token));
            await tx.RollbackAsync();
        }

        Assert.Equal(0L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM commands WHERE host = @h", ("h", host)));
        Assert.True(await api.Database.ScalarAsync<long>("SELECT count(*) FROM parse_queue") > 0);

        // The killed session may hold its row locks for a moment while the server notices; the next
        // run (in production: the next signal or the minutely sweep) then takes the batch.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        do
        {
            await api.ParseAllAsync();
        }
        while (await api.Database.ScalarAsync<long>("SELECT count(*) FROM commands WHERE host = @h", ("h", host)) == 0 && DateTime.UtcNow < deadline && await Delay());

        Assert.Equal(500L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM commands WHERE host = @h", ("h", host)));
    }

    [Fact]
    public async Task Every_line_ends_parsed_noise_or_unparsed_with_a_reason()
    {
        var host = Unique.Host();
        using var client = api.CreateClientWithKey();
        var now = DateTimeOffset.UtcNow;
        var body = $"""
            {now:yyyy-MM-ddTHH:mm:ssK} {host} carol: carol [5]: uptime [0]
            {now:yyyy-MM-ddTHH:mm:ssK} {host} carol: carol [5]:  [0]
            this line has no syslog header at all
            """;
        var r = await client.PostAsync($"/api/v1/ingest?host={host}&source=/var/log/commands.log", new StringContent(body, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        await api.ParseAllAsync();

        await using var cmd = api.Database.DataSource.CreateCommand("""
            SELECT sum(p.lines), sum(p.parsed), sum(p.noise), sum(p.unparsed)
            FROM batch_parses p JOIN raw_batches b ON b.id = p.batch_id
            WHERE b.id IN (SELECT DISTINCT id >> 24 FROM raw_lines WHERE host = @h)
            """);
        cmd.Parameters.AddWithValue("h", host);
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((3L, 1L, 1L, 1L), (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
        Assert.Equal("no syslog header", await api.Database.ScalarAsync<string>("SELECT reason FROM unparsed_lines WHERE host = @h", ("h", host)));
    }

    [Fact]
    public async Task A_user_name_too_long_for_an_index_is_stored_cut_with_the_whole_value_kept_in_the_row()
    {
        var host = Unique.Host();
        var random = new Random(6000);
        var user = new string([.. Enumerable.Range(0, 6000).Select(_ => (char)random.Next('a', 'z' + 1))]);
        using var client = api.CreateClientWithKey();
        var now = DateTimeOffset.UtcNow;
        var body = $"{now:O} {host} {user}: {user} [42]: id [0]\n{now:O} {host} ann: ann [43]: uptime [0]\n";
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/v1/ingest?host={host}&source=/var/log/commands.log", new StringContent(body, Encoding.UTF8, "text/plain"))).StatusCode);
        await api.ParseAllAsync();

        var cut = KeyText.Cut(user)!;
        Assert.True(cut.Length <= KeyText.MaxChars);
        Assert.StartsWith(user[..100], cut);
        Assert.Equal(2L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM commands WHERE host = @h", ("h", host)));
        Assert.Equal(user, await api.Database.ScalarAsync<string>("SELECT long_values->>'login_user' FROM commands WHERE host = @h AND login_user = @u", ("h", host), ("u", cut)));
        Assert.Equal(cut, await api.Database.ScalarAsync<string>("SELECT run_as FROM bash_recent_commands WHERE host = @h AND run_as <> 'ann'", ("h", host)));
        using var page = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/commands?host={host}&user={Uri.EscapeDataString(cut)}"));
        Assert.Equal("id", Assert.Single(page.RootElement.GetProperty("items").EnumerateArray()).GetProperty("command").GetString());
    }

    [Fact]
    public async Task Long_names_in_auth_lines_and_app_events_are_stored_not_refused()
    {
        var host = Unique.Host();
        var name = "u" + string.Concat(Enumerable.Range(0, 700).Select(i => (char)('a' + (i * 7919 % 26))));
        using var client = api.CreateClientWithKey();
        var now = DateTimeOffset.UtcNow;
        var auth = $"""
            {now:O} {host} sshd[901]: Failed password for invalid user {name} from 203.0.113.9 port 40022 ssh2
            {now:O} {host} sudo: {name} : TTY=pts/0 ; PWD=/tmp ; USER=root ; COMMAND=/usr/bin/id
            {now:O} {host} useradd[902]: new user: name={name}, UID=1500, GID=1500, home=/home/x, shell=/bin/bash, from=/dev/pts/0

            """;
        var app = $"{{\"actor\":\"{name}\",\"action\":\"deploy\",\"resource\":\"svc\",\"time\":\"{now:O}\"}}\n";
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/v1/ingest?host={host}&source=/var/log/auth.log", new StringContent(auth, Encoding.UTF8, "text/plain"))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/v1/ingest?host={host}&source=/srv/app/audit.jsonl", new StringContent(app, Encoding.UTF8, "text/plain"))).StatusCode);
        await api.ParseAllAsync();

        Assert.Equal(0L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM unparsed_lines WHERE host = @h", ("h", host)));
        foreach (var (table, column) in new[] { ("logins", "user_name"), ("sudo_events", "user_name"), ("account_changes", "target"), ("app_events", "actor") })
        {
            Assert.Equal(name, await api.Database.ScalarAsync<string>($"SELECT long_values->>'{column}' FROM {table} WHERE host = @h", ("h", host)));
            Assert.Equal(KeyText.Cut(name), await api.Database.ScalarAsync<string>($"SELECT {column} FROM {table} WHERE host = @h", ("h", host)));
        }
    }

    [Fact]
    public async Task A_pass_copies_its_commands_while_it_waits_for_a_host_the_pass_before_holds()
    {
        var host = Unique.Host();
        await IngestBashLines(host, 200);

        // Stand in for the pass before: hold the host's order lock (HostOrderLocks) in an open transaction.
        await using var before = await api.Database.DataSource.OpenConnectionAsync();
        await using var tx = await before.BeginTransactionAsync();
        await using (var hold = new Npgsql.NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended('parse-host:' || @h, 0))", before, tx))
        {
            hold.Parameters.AddWithValue("h", host);
            await hold.ExecuteNonQueryAsync();
        }

        using var scope = api.Services.CreateScope();
        var pass = scope.ServiceProvider.GetRequiredService<ParseJob>().ParseNextChunkAsync(CancellationToken.None);
        int? waiting = null;
        for (var i = 0; i < 150 && waiting is null && !pass.IsCompleted; i++)
        {
            await Task.Delay(100);
            waiting = await api.Database.ScalarAsync<int?>(
                "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory' AND query LIKE '%parse-host:%' LIMIT 1");
        }

        Assert.False(pass.IsCompleted, "the pass went past a host another transaction holds");
        Assert.NotNull(waiting);
        // The waiting pass already holds the row lock of a COPY into the commands' day partition.
        var commandLocks = await api.Database.ScalarAsync<long>(
            "SELECT count(*) FROM pg_locks WHERE pid = @p AND granted AND mode = 'RowExclusiveLock' AND relation::regclass::text LIKE 'commands_p%'", ("p", waiting!.Value));
        Assert.True(commandLocks > 0, "the commands were not copied before the host lock");
        Assert.Equal(0L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM commands WHERE host = @h", ("h", host)));

        await tx.CommitAsync();
        await pass;
        Assert.Equal(200L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM commands WHERE host = @h", ("h", host)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(256)]
    public void Key_values_up_to_the_bound_are_kept_whole(int length)
    {
        var value = new string('x', length);
        Assert.Same(value, KeyText.Cut(value));
        Assert.Null(KeyText.LongValues("host", value));
    }

    [Fact]
    public void Cut_keys_never_split_a_surrogate_pair_and_differ_for_different_values()
    {
        var a = new string('a', 199) + "\U0001F600" + new string('b', 300);
        var b = new string('a', 199) + "\U0001F600" + new string('c', 300);
        var cutA = KeyText.Cut(a)!;
        Assert.Equal('…', cutA[199]);
        Assert.True(new UTF8Encoding(false, throwOnInvalidBytes: true).GetByteCount(cutA) <= 3 * KeyText.MaxChars);
        Assert.NotEqual(cutA, KeyText.Cut(b));
        Assert.Equal(cutA, KeyText.Cut(a));
        Assert.Contains("\"host\"", KeyText.LongValues("host", a, "actor", "ann"));
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(200);
        return true;
    }

    private async Task IngestBashLines(string host, int count)
    {
        using var client = api.CreateClientWithKey();
        var now = DateTimeOffset.UtcNow;
        var sb = new StringBuilder();
        for (var i = 0; i < count; i++) sb.Append(now.AddMilliseconds(-i).ToString("yyyy-MM-ddTHH:mm:ss.fffK", System.Globalization.CultureInfo.InvariantCulture)).Append(' ').Append(host).Append(" dave: dave [100]: echo ").Append(i).Append(" [0]\n");
        var r = await client.PostAsync($"/api/v1/ingest?host={host}&source=/var/log/commands.log", new StringContent(sb.ToString(), Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
    }
}
