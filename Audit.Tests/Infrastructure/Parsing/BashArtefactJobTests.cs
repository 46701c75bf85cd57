using System.Net;
using System.Text;
using System.Text.Json;
using Audit.Tests.Support;

namespace Audit.Tests.Infrastructure.Parsing;

[Collection(ApiCollection.Name)]
public sealed class BashArtefactJobTests(AuditApiFactory api)
{
    [Fact]
    public async Task First_prompts_and_empty_enters_are_not_listed_as_commands()
    {
        var host = Unique.Host();
        var t = DateTimeOffset.UtcNow.AddMinutes(-10);
        string L(int s, int pid, string msg) => $"{t.AddSeconds(s):O} {host} gina: gina [{pid}]: {msg}";

        // Shell 1 starts with an empty history, runs two commands; shell 2 starts later (its first prompt
        // repeats "df -h" from the history file), runs one command, then the user presses Enter twice.
        await Post(string.Join('\n',
            L(0, 300, " [0]"),
            L(5, 300, "    1  uptime [0]"),
            L(9, 300, "    2  df -h [0]")));
        await api.ParseAllAsync();
        await Post(string.Join('\n',
            L(60, 301, "    2  df -h [0]"),
            L(65, 301, "    3  whoami [0]"),
            L(66, 301, "    3  whoami [0]"),
            L(67, 301, "    3  whoami [0]")));
        await api.ParseAllAsync();

        using var client = api.CreateClientWithKey();
        using var doc = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/commands?host={host}"));
        var commands = doc.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("command").GetString()!).Reverse().ToArray();
        Assert.Equal(["uptime", "df -h", "whoami"], commands);
    }

    [Fact]
    public async Task A_new_shells_first_prompt_is_an_artefact_whatever_it_repeats_when_auditd_saw_the_shell_start()
    {
        var host = Unique.Host();
        var t = DateTimeOffset.UtcNow.AddMinutes(-10);
        var ms = t.ToUnixTimeMilliseconds();
        var id = $"audit({ms / 1000}.{ms % 1000:D3}:8100)";
        // sshd starts hana's login shell (pid 7001); its first prompt repeats "exit", the last line of her
        // saved history, which no recent command of hers on this host matches.
        await Post(string.Join('\n',
            $"type=SYSCALL msg={id}: arch=c000003e syscall=59 success=yes exit=0 a0=55a1 a1=55a2 a2=55a3 a3=0 items=2 ppid=7000 pid=7001 auid=1005 uid=1005 gid=1005 euid=1005 suid=1005 fsuid=1005 egid=1005 sgid=1005 fsgid=1005 tty=pts2 ses=9 comm=\"bash\" exe=\"/usr/bin/bash\" subj=unconfined key=(null)",
            $"type=EXECVE msg={id}: argc=1 a0=\"-bash\"",
            $"type=CWD msg={id}: cwd=\"/home/hana\"",
            $"type=PATH msg={id}: item=0 name=\"/bin/bash\" inode=1310 dev=fd:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0",
            $"type=PATH msg={id}: item=1 name=\"/lib64/ld-linux-x86-64.so.2\" inode=1048 dev=fd:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0",
            $"type=PROCTITLE msg={id}: proctitle=2D62617368",
            $"type=EOE msg={id}: "), $"/api/v1/ingest?host={host}&source=/var/log/audit/audit.log");
        await api.ParseAllAsync();
        await Post(string.Join('\n',
            $"{t.AddSeconds(1):O} {host} hana: hana [7001]:   57  exit [0]",
            $"{t.AddSeconds(9):O} {host} hana: hana [7001]:   58  uptime [0]",
            // A shell nothing says was started (collection began mid-session): its first line stays a command.
            $"{t.AddSeconds(20):O} {host} hana: hana [7050]:  310  make test [2]"));
        await api.ParseAllAsync();

        using var client = api.CreateClientWithKey();
        using var commands = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/commands?host={host}"));
        Assert.Equal(["uptime", "make test"], commands.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("command").GetString()!).Reverse().ToArray());
        using var artefacts = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/commands/artefacts?host={host}&reason=auditd"));
        var a = Assert.Single(artefacts.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal(("exit", 57, "first prompt of a new shell (auditd exec of /usr/bin/bash)"),
            (a.GetProperty("command").GetString(), a.GetProperty("historyNumber").GetInt32(), a.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task A_first_prompt_moments_after_the_users_login_is_an_artefact_and_listed_as_one()
    {
        var host = Unique.Host();
        var t = DateTimeOffset.UtcNow.AddMinutes(-10);
        await Post(string.Join('\n',
            $"{t:O} {host} sshd[7100]: Accepted password for ines from 192.0.2.40 port 42000 ssh2",
            $"{t:O} {host} sshd[7100]: pam_unix(sshd:session): session opened for user ines(uid=1006) by (uid=0)"), $"/api/v1/ingest?host={host}&source=/var/log/auth.log");
        await api.ParseAllAsync();
        await Post(string.Join('\n',
            $"{t.AddSeconds(2):O} {host} ines: ines [7105]:   12  logout [0]",
            $"{t.AddSeconds(9):O} {host} ines: ines [7105]:   13  id [0]"));
        await api.ParseAllAsync();

        using var client = api.CreateClientWithKey();
        using var commands = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/commands?host={host}"));
        Assert.Equal(["id"], commands.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("command").GetString()!).ToArray());
        using var artefacts = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/commands/artefacts?host={host}"));
        var a = Assert.Single(artefacts.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal("logout", a.GetProperty("command").GetString());
        Assert.StartsWith("first prompt of a new shell (sshd session of ines opened ", a.GetProperty("reason").GetString());
    }

    private async Task Post(string body, string url = "/api/v1/ingest?source=/var/log/commands.log")
    {
        using var client = api.CreateClientWithKey();
        var r = await client.PostAsync(url, new StringContent(body, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
    }
}
