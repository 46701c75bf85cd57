using System.Net;
using System.Text;
using System.Text.Json;
using Audit.Tests.Support;

namespace Audit.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class SessionEndpointsTests(AuditApiFactory api)
{
    [Fact]
    public async Task A_login_is_reconstructed_with_everything_done_inside_also_as_root()
    {
        var host = Unique.Host();
        var now = DateTimeOffset.UtcNow.AddMinutes(-20);
        var t0 = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        string Syslog(int s, string rest) => $"{t0.AddSeconds(s):O} {host} {rest}";
        string Audit(int s, int serial, string rest)
        {
            var ms = t0.AddSeconds(s).ToUnixTimeMilliseconds();
            return $"type={rest.Split(' ')[0]} msg=audit({ms / 1000}.{ms % 1000:D3}:{serial}): {rest[(rest.IndexOf(' ') + 1)..]}";
        }

        string Exec(int s, int serial, int pid, int ppid, int uid, string exe, params string[] argv) => string.Join('\n',
            Audit(s, serial, $"SYSCALL arch=c000003e syscall=59 success=yes exit=0 a0=1 a1=2 a2=3 a3=0 items=1 ppid={ppid} pid={pid} auid=1000 uid={uid} gid={uid} euid={uid} suid={uid} fsuid={uid} egid={uid} sgid={uid} fsgid={uid} tty=pts0 ses=12 comm=\"{Path.GetFileName(exe)}\" exe=\"{exe}\" key=\"exec\""),
            Audit(s, serial, $"EXECVE argc={argv.Length} " + string.Join(' ', argv.Select((a, i) => $"a{i}=\"{a}\""))),
            Audit(s, serial, "CWD cwd=\"/home/alice\""),
            Audit(s, serial, $"PATH item=0 name=\"{exe}\" inode=9 dev=fe:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL"),
            Audit(s, serial, "EOE "));

        var auth = string.Join('\n',
            Syslog(0, "sshd[4100]: Accepted publickey for alice from 10.0.0.5 port 51000 ssh2: ED25519 SHA256:AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg"),
            Syslog(0, "sshd[4100]: pam_unix(sshd:session): session opened for user alice(uid=1000) by (uid=0)"),
            Syslog(30, "sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/id"),
            Syslog(300, "sshd[4100]: Disconnected from user alice 10.0.0.5 port 51000"),
            Syslog(300, "sshd[4100]: pam_unix(sshd:session): session closed for user alice"));
        var audit = string.Join('\n',
            Audit(0, 500, "LOGIN pid=4100 uid=0 subj=unconfined old-auid=4294967295 auid=1000 tty=(none) old-ses=4294967295 ses=12 res=1"),
            Exec(1, 501, 4200, 4100, 1000, "/usr/bin/bash", "-bash"),
            Exec(20, 502, 4210, 4200, 1000, "/usr/bin/git", "git", "status"),
            Audit(30, 503, "USER_CMD pid=4220 uid=1000 auid=1000 ses=12 subj=unconfined msg='cwd=\"/home/alice\" cmd=2F7573722F62696E2F6964 exe=\"/usr/bin/sudo\" terminal=pts/0 res=success'"),
            Exec(31, 504, 4221, 4220, 0, "/usr/bin/id", "/usr/bin/id"),
            Exec(40, 505, 4230, 4200, 0, "/usr/bin/bash", "-bash"),
            Exec(60, 506, 4240, 4230, 0, "/usr/bin/cat", "cat", "/etc/shadow"));
        var commands = string.Join('\n',
            Syslog(21, "alice: alice [4200]: git status [0]"),
            Syslog(32, "alice: alice [4200]: sudo id [0]"),
            Syslog(61, "alice: root [4230]: cat /etc/shadow [0]"),
            Syslog(65, "alice: alice [9999]: echo from another session [0]"));

        using var client = api.CreateClientWithKey();
        await Post(client, $"/api/v1/ingest?host={host}&source=/var/log/auth.log", auth);
        await Post(client, $"/api/v1/ingest?host={host}&source=/var/log/audit/audit.log", audit);
        await Post(client, $"/api/v1/ingest?host={host}&source=/var/log/commands.log", commands);
        await api.ParseAllAsync();

        using var list = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/sessions?host={host}&user=alice"));
        var s = Assert.Single(list.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal("10.0.0.5", s.GetProperty("sourceIp").GetString());
        Assert.Equal("publickey", s.GetProperty("method").GetString());
        Assert.Equal(12, s.GetProperty("auditSession").GetInt64());
        Assert.Equal(t0.AddSeconds(300), s.GetProperty("end").GetDateTimeOffset());

        using var detail = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/sessions/{s.GetProperty("id").GetString()}"));
        Assert.Equal("auditd-session", detail.RootElement.GetProperty("tiedBy").GetString());
        var items = detail.RootElement.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("kind").GetString()!, i.GetProperty("summary").GetString()!)).ToList();
        Assert.Contains(("command", "git status"), items);
        Assert.Contains(("command", "cat /etc/shadow"), items);
        Assert.DoesNotContain(("command", "echo from another session"), items);
        Assert.Contains(("execution", "cat /etc/shadow"), items);
        Assert.Single(items, i => i.Item1 == "sudo");
        var times = detail.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("time").GetDateTimeOffset()).ToList();
        Assert.Equal(times.Order().ToList(), times);

        // login → shell → typed command → its child processes; the root shell → its command → cat.
        var tree = detail.RootElement.GetProperty("processTree");
        Assert.Equal(
            "login(execution:-bash(command:git status(execution:git status) command:sudo id execution:-bash(command:cat /etc/shadow(execution:cat /etc/shadow))) execution:/usr/bin/id)",
            Render(tree));
        Assert.Equal("exec", tree.GetProperty("children")[0].GetProperty("children")[2].GetProperty("parentVia").GetString());

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/sessions/638000000000000000-1")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/sessions/1")).StatusCode);
    }

    private static string Render(JsonElement node)
    {
        var kind = node.GetProperty("kind").GetString();
        var head = kind == "login" ? "login" : $"{kind}:{node.GetProperty("commandLine").GetString()}";
        var children = node.GetProperty("children").EnumerateArray().Select(Render).ToList();
        return children.Count == 0 ? head : $"{head}({string.Join(' ', children)})";
    }

    [Fact]
    public async Task Without_auditd_a_session_gathers_the_users_activity_while_it_lasted()
    {
        var host = Unique.Host();
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-20);
        string L(int s, string rest) => $"{t0.AddSeconds(s):O} {host} {rest}";
        using var client = api.CreateClientWithKey();
        await Post(client, $"/api/v1/ingest?host={host}&source=/var/log/auth.log", string.Join('\n',
            L(0, "sshd[700]: Accepted password for bob from 192.0.2.9 port 40000 ssh2"),
            L(100, "sshd[700]: pam_unix(sshd:session): session closed for user bob")));
        await Post(client, $"/api/v1/ingest?host={host}&source=/var/log/commands.log", string.Join('\n',
            L(10, "bob: bob [800]: make test [2]"),
            L(200, "bob: bob [801]: after the session [0]")));
        await api.ParseAllAsync();

        using var list = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/sessions?host={host}"));
        var id = Assert.Single(list.RootElement.GetProperty("items").EnumerateArray()).GetProperty("id").GetString();
        using var detail = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/sessions/{id}"));
        Assert.Equal("user-and-time", detail.RootElement.GetProperty("tiedBy").GetString());
        var summaries = detail.RootElement.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("kind").GetString() == "command").Select(i => i.GetProperty("summary").GetString()).ToList();
        Assert.Equal(["make test"], summaries);
    }

    private static async Task Post(HttpClient client, string url, string body)
    {
        var r = await client.PostAsync(url, new StringContent(body + "\n", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
    }
}
