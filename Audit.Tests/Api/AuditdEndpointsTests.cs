using System.Net;
using System.Text;
using System.Text.Json;
using Audit.Tests.Support;

namespace Audit.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class AuditdEndpointsTests(AuditApiFactory api)
{
    [Fact]
    public async Task Records_split_across_batches_become_one_execution_found_by_the_login_user()
    {
        var host = Unique.Host();
        var t = DateTimeOffset.UtcNow.AddMinutes(-2).ToUnixTimeMilliseconds();
        var stamp = $"{t / 1000}.{t % 1000:D3}";
        // alice (uid 1000) logged in earlier; pam_unix told us her uid. Now, as root after sudo -i, she runs cat /etc/shadow.
        var authLine = $"{DateTimeOffset.UtcNow.AddMinutes(-3):O} {host} sshd[4100]: pam_unix(sshd:session): session opened for user alice(uid=1000) by (uid=0)";
        string[] records =
        [
            $"type=SYSCALL msg=audit({stamp}:9001): arch=c000003e syscall=59 success=yes exit=0 a0=55d0 a1=55d1 a2=55d2 a3=0 items=2 ppid=4200 pid=4242 auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=7 comm=\"cat\" exe=\"/usr/bin/cat\" key=\"shadow-read\"",
            $"type=EXECVE msg=audit({stamp}:9001): argc=2 a0=\"cat\" a1=\"/etc/shadow\"",
            $"type=CWD msg=audit({stamp}:9001): cwd=\"/root\"",
            $"type=PATH msg=audit({stamp}:9001): item=0 name=\"/usr/bin/cat\" inode=1 dev=fe:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL",
            $"type=PATH msg=audit({stamp}:9001): item=1 name=\"/lib64/ld-linux-x86-64.so.2\" inode=2 dev=fe:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL",
            $"type=PROCTITLE msg=audit({stamp}:9001): proctitle=636174002F6574632F736861646F77",
            $"type=EOE msg=audit({stamp}:9001): ",
        ];

        using var client = api.CreateClientWithKey();
        await Post(client, $"/api/v1/ingest?host={host}&source=/var/log/auth.log", authLine);
        await api.ParseAllAsync();
        await Post(client, $"/api/v1/ingest?host={host}&source=/var/log/audit/audit.log", string.Join('\n', records[..3]));
        await api.ParseAllAsync();
        Assert.Equal(0L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM executions WHERE host = @h", ("h", host)));
        await Post(client, $"/api/v1/ingest?host={host}&source=/var/log/audit/audit.log", string.Join('\n', records[3..]));
        await api.ParseAllAsync();

        using var doc = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/executions?user=alice&host={host}"));
        var e = Assert.Single(doc.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal("alice", e.GetProperty("loginUser").GetString());
        Assert.Equal(0, e.GetProperty("uid").GetInt64());
        Assert.Equal(7, e.GetProperty("session").GetInt64());
        Assert.Equal(["cat", "/etc/shadow"], e.GetProperty("argv").EnumerateArray().Select(a => a.GetString()!).ToArray());
        Assert.Equal("/root", e.GetProperty("cwd").GetString());
        Assert.Equal("shadow-read", e.GetProperty("key").GetString());

        using var events = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/audit-events?host={host}&key=shadow-read"));
        var ev = Assert.Single(events.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal("execve", ev.GetProperty("syscall").GetString());
        Assert.Equal(2, ev.GetProperty("paths").GetArrayLength());

        using var search = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/search?q=etc/shadow&host={host}"));
        Assert.Contains(search.RootElement.GetProperty("items").EnumerateArray(), i => i.GetProperty("kind").GetString() == "execution");
    }

    [Fact]
    public async Task A_quiet_event_without_eoe_is_emitted_once_its_window_passes()
    {
        var host = Unique.Host();
        var t = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds();
        var line = $"type=SYSCALL msg=audit({t / 1000}.{t % 1000:D3}:77): arch=c000003e syscall=2 success=no exit=-13 a0=1 a1=0 a2=0 a3=0 items=0 ppid=1 pid=2 auid=1001 uid=1001 gid=1001 euid=1001 suid=1001 fsuid=1001 egid=1001 sgid=1001 fsgid=1001 tty=pts1 ses=3 comm=\"vi\" exe=\"/usr/bin/vi\" key=\"passwd-write\"";
        using var client = api.CreateClientWithKey();
        await Post(client, $"/api/v1/ingest?host={host}&source=/var/log/audit/audit.log", line);
        await api.ParseAllAsync();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await api.Database.ScalarAsync<long>("SELECT count(*) FROM audit_events WHERE host = @h", ("h", host)) == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            await api.ParseAllAsync();
        }

        Assert.Equal("EACCES", await api.Database.ScalarAsync<string>("SELECT exit_errno FROM audit_events WHERE host = @h", ("h", host)));
        Assert.Equal(0L, await api.Database.ScalarAsync<long>("SELECT count(*) FROM audit_pending WHERE host = @h", ("h", host)));
    }

    private static async Task Post(HttpClient client, string url, string body)
    {
        var r = await client.PostAsync(url, new StringContent(body + "\n", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
    }
}
