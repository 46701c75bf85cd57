using System.Net;
using System.Text;
using System.Text.Json;
using Audit.Tests.Support;

namespace Audit.Tests.Api;

/// <summary>Every execution knows its parent execution, and its ancestry walks up to the login and its sshd.</summary>
[Collection(ApiCollection.Name)]
public sealed class ExecutionAncestryTests(AuditApiFactory api)
{
    private readonly DateTimeOffset _t0 = DateTimeOffset.UtcNow.AddMinutes(-10);

    [Fact]
    public async Task Ancestry_reaches_the_login_through_sudo_and_a_root_shell_whatever_order_the_records_came_in()
    {
        var host = Unique.Host();
        // sshd re-execs itself per connection (pid 5000), sets the login uid (LOGIN), its session child
        // (5005, forked, never exec'd) starts alice's bash; sudo -i, whose monitor (5021, forked) starts root's bash; curl.
        var sshd = Exec(0, 100, 5000, 1, "4294967295", "4294967295", "/usr/sbin/sshd", "/usr/sbin/sshd", "-D", "-R");
        var login = $"type=LOGIN msg=audit({Stamp(1)}:101): pid=5000 uid=0 subj=unconfined old-auid=4294967295 auid=1000 tty=(none) old-ses=4294967295 ses=21 res=1\n"
            + $"type=SYSCALL msg=audit({Stamp(1)}:101): arch=c000003e syscall=1 success=yes exit=4 a0=8 a1=7ffc a2=4 a3=0 items=0 ppid=4990 pid=5000 auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=21 comm=\"sshd\" exe=\"/usr/sbin/sshd\" key=(null)\n"
            + $"type=EOE msg=audit({Stamp(1)}:101): \n";
        var oldBash = Exec(-120, 90, 5010, 1, "0", "7", "/usr/bin/bash", "bash"); // an earlier process that had pid 5010
        var bash = Exec(2, 102, 5010, 5005, "1000", "21", "/usr/bin/bash", "-bash");
        var sudo = Exec(10, 103, 5020, 5010, "1000", "21", "/usr/bin/sudo", "sudo", "-i");
        var rootBash = Exec(11, 104, 5030, 5021, "1000", "21", "/usr/bin/bash", "-bash");
        var curl = Exec(20, 105, 5040, 5030, "1000", "21", "/usr/bin/curl", "curl", "-s", "http://example.test/");
        var laterBash = Exec(30, 106, 5030, 1, "4294967295", "4294967295", "/usr/bin/bash", "bash", "-c", "later"); // pid 5030 reused after curl

        using var client = api.CreateClientWithKey();
        // The child first, its parents in later batches.
        foreach (var batch in new[] { curl, rootBash + laterBash, sudo + oldBash, bash + sshd + login })
        {
            await Post(client, $"/api/v1/ingest?host={host}&source=/var/log/audit/audit.log", batch);
            await api.ParseAllAsync();
        }

        var from = Uri.EscapeDataString(_t0.AddMinutes(-5).ToString("O"));
        using var list = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/executions?host={host}&exe=/usr/bin/curl&from={from}"));
        var item = Assert.Single(list.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal("/usr/bin/bash", item.GetProperty("parentExe").GetString());
        Assert.Equal("-bash", item.GetProperty("parentCommandLine").GetString());
        Assert.NotNull(item.GetProperty("parentId").GetString());

        // The export looks parents up a chunk at a time, on its own connection while rows still stream.
        using var all = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/executions?host={host}&from={from}"));
        using var csvRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/executions?host={host}&from={from}");
        csvRequest.Headers.Accept.ParseAdd("text/csv");
        var csv = (await (await client.SendAsync(csvRequest)).Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(all.RootElement.GetProperty("items").GetArrayLength(), csv.Length - 1);
        var curlRow = Assert.Single(csv, l => l.Contains("/usr/bin/curl", StringComparison.Ordinal));
        Assert.True(curlRow.Contains(",/usr/bin/bash,'-bash,", StringComparison.Ordinal), curlRow); // a leading '-' is quoted against spreadsheet formulas

        using var doc = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/executions/{item.GetProperty("id").GetString()}/ancestry"));
        var root = doc.RootElement;
        Assert.Equal("curl -s http://example.test/", string.Join(' ', root.GetProperty("execution").GetProperty("argv").EnumerateArray().Select(a => a.GetString())));
        Assert.Equal([(5030, "/usr/bin/bash"), (5020, "/usr/bin/sudo"), (5010, "/usr/bin/bash")],
            root.GetProperty("ancestors").EnumerateArray().Select(a => (a.GetProperty("pid").GetInt32(), a.GetProperty("exe").GetString())));
        Assert.Equal(5005, root.GetProperty("ancestors")[2].GetProperty("ppid").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("ancestors")[2].GetProperty("parentId").ValueKind);
        Assert.True(root.GetProperty("reachedLogin").GetBoolean());
        Assert.False(root.GetProperty("truncated").GetBoolean());
                Assert.Equal(21, root.GetProperty("login").GetProperty("session").GetInt64());
        Assert.Equal(5000, root.GetProperty("login").GetProperty("pid").GetInt32());
        Assert.Equal("/usr/sbin/sshd", root.GetProperty("loginProcess").GetProperty("exe").GetString());

        using var shallow = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/executions/{item.GetProperty("id").GetString()}/ancestry?depth=1"));
        Assert.Equal(1, shallow.RootElement.GetProperty("ancestors").GetArrayLength());
        Assert.True(shallow.RootElement.GetProperty("truncated").GetBoolean());
        Assert.False(shallow.RootElement.GetProperty("reachedLogin").GetBoolean());
    }

    [Theory]
    [InlineData("not-an-id", HttpStatusCode.BadRequest)]
    [InlineData("1-2", HttpStatusCode.BadRequest)]
    [InlineData("638000000000000000-1-1", HttpStatusCode.NotFound)]
    public async Task Ancestry_of_a_bad_or_unknown_id_is_a_clear_error(string id, HttpStatusCode expected)
    {
        using var client = api.CreateClientWithKey();
        Assert.Equal(expected, (await client.GetAsync($"/api/v1/executions/{id}/ancestry")).StatusCode);
    }

    private string Stamp(int seconds)
    {
        var t = _t0.AddSeconds(seconds).ToUnixTimeMilliseconds();
        return $"{t / 1000}.{t % 1000:D3}";
    }

    private string Exec(int seconds, int serial, int pid, int ppid, string auid, string ses, string exe, params string[] argv)
    {
        var id = $"{Stamp(seconds)}:{serial}";
        var args = string.Join(' ', argv.Select((a, i) => $"a{i}=\"{a}\""));
        return $"type=SYSCALL msg=audit({id}): arch=c000003e syscall=59 success=yes exit=0 a0=1 a1=2 a2=3 a3=0 items=0 ppid={ppid} pid={pid} auid={auid} uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses={ses} comm=\"x\" exe=\"{exe}\" key=\"exec\"\n"
            + $"type=EXECVE msg=audit({id}): argc={argv.Length} {args}\n"
            + $"type=EOE msg=audit({id}): \n";
    }

    private static async Task Post(HttpClient client, string url, string body)
    {
        var r = await client.PostAsync(url, new StringContent(body, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
    }
}
