using System.Net;
using System.Text;
using System.Text.Json;
using Audit.Tests.Support;

namespace Audit.Tests.Api;

/// <summary>One account change seen in auth.log and in auditd is one row naming the person (auid) behind sudo.</summary>
[Collection(ApiCollection.Name)]
public sealed class AccountChangeEndpointsTests(AuditApiFactory api)
{
    [Fact]
    public async Task Useradd_via_sudo_is_one_row_per_change_with_the_person_as_actor()
    {
        var host = Unique.Host();
        var now = DateTimeOffset.UtcNow.AddMinutes(-2);
        string At(int s) => now.AddSeconds(s).ToString("O");
        string Stamp(int s, int serial)
        {
            var t = now.AddSeconds(s).ToUnixTimeMilliseconds();
            return $"{t / 1000}.{t % 1000:D3}:{serial}";
        }

        string[] auth =
        [
            $"{At(-60)} {host} sshd[4100]: pam_unix(sshd:session): session opened for user alice(uid=1000) by (uid=0)",
            $"{At(0)} {host} useradd[2945]: new group: name=bob, GID=1004",
            $"{At(0)} {host} useradd[2945]: new user: name=bob, UID=1004, GID=1004, home=/home/bob, shell=/bin/sh, from=/dev/pts/2",
        ];
        string[] audit =
        [
            // useradd run by root (uid 0) from alice's login (auid 1000, ses 14): old shadow-utils name only ids.
            $"type=ADD_GROUP msg=audit({Stamp(0, 584)}): pid=2945 uid=0 auid=1000 ses=14 msg='op=adding group to /etc/group id=1004 exe=\"/usr/sbin/useradd\" hostname=? addr=? terminal=pts/2 res=success'",
            $"type=ADD_GROUP msg=audit({Stamp(0, 586)}): pid=2945 uid=0 auid=1000 ses=14 msg='op=adding group to /etc/gshadow id=1004 exe=\"/usr/sbin/useradd\" hostname=? addr=? terminal=pts/2 res=success'",
            $"type=ADD_USER msg=audit({Stamp(0, 591)}): pid=2945 uid=0 auid=1000 ses=14 msg='op=adding user id=1004 exe=\"/usr/sbin/useradd\" hostname=? addr=? terminal=pts/2 res=success'",
            // Only auditd saw these: a groupadd (two records for one group) and passwd for carol.
            $"type=ADD_GROUP msg=audit({Stamp(5, 600)}): pid=3001 uid=0 auid=1000 ses=14 msg='op=add-group acct=\"ops\" exe=\"/usr/sbin/groupadd\" hostname=? addr=? terminal=pts/2 res=success'",
            $"type=GRP_MGMT msg=audit({Stamp(5, 601)}): pid=3001 uid=0 auid=1000 ses=14 msg='op=add-shadow-group acct=\"ops\" exe=\"/usr/sbin/groupadd\" hostname=? addr=? terminal=pts/2 res=success'",
            $"type=ADD_GROUP msg=audit({Stamp(5, 602)}): pid=3001 uid=0 auid=1000 ses=14 msg='op=add-group acct=\"ops\" exe=\"/usr/sbin/groupadd\" hostname=? addr=? terminal=pts/2 res=success'",
            $"type=USER_CHAUTHTOK msg=audit({Stamp(9, 610)}): pid=3050 uid=0 auid=1000 ses=14 msg='op=PAM:chauthtok acct=\"carol\" exe=\"/usr/bin/passwd\" hostname=? addr=? terminal=pts/2 res=failed'",
        ];

        using var client = api.CreateClientWithKey();
        await Post(client, $"/api/v1/ingest?host={host}&source=/var/log/auth.log", string.Join('\n', auth));
        await api.ParseAllAsync();
        await Post(client, $"/api/v1/ingest?host={host}&source=/var/log/audit/audit.log", string.Join('\n', audit));
        await api.ParseAllAsync();

        var items = await Items(client, $"/api/v1/account-changes?host={host}");
        Assert.Equal(
            [("password_changed", "carol", "auditd", false), ("group_modified", "ops", "auditd", true), ("group_created", "ops", "auditd", true),
             ("user_created", "bob", "auth+auditd", true), ("group_created", "bob", "auth+auditd", true)],
            items.Select(i => (Str(i, "action"), Str(i, "target"), string.Join('+', i.GetProperty("seenIn").EnumerateArray().Select(s => s.GetString())), i.GetProperty("success").GetBoolean())));
        Assert.All(items, i => Assert.Equal("alice", Str(i, "actor")));
        Assert.All(items, i => Assert.Equal(14, i.GetProperty("session").GetInt64()));
        var user = Assert.Single(items, i => Str(i, "action") == "user_created");
        Assert.Equal(1004, user.GetProperty("uid").GetInt64());
        Assert.Equal("/home/bob", Str(user, "home"));

        Assert.Equal(5, (await Items(client, $"/api/v1/account-changes?host={host}&actor=alice")).Count);
        Assert.Equal(5, (await Items(client, $"/api/v1/account-changes?host={host}&user=alice")).Count);
        Assert.Empty(await Items(client, $"/api/v1/account-changes?host={host}&actor=root"));
        Assert.Equal(["bob", "bob"], (await Items(client, $"/api/v1/account-changes?host={host}&actor=alice&user=bob")).Select(i => Str(i, "target")));
    }

    [Fact]
    public async Task A_change_seen_only_in_auth_log_keeps_what_the_line_names()
    {
        var host = Unique.Host();
        var line = $"{DateTimeOffset.UtcNow.AddMinutes(-1):O} {host} gpasswd[812]: user dave added by root to group staff";
        using var client = api.CreateClientWithKey();
        await Post(client, $"/api/v1/ingest?host={host}&source=/var/log/auth.log", line);
        await api.ParseAllAsync();
        var item = Assert.Single(await Items(client, $"/api/v1/account-changes?host={host}&actor=root"));
        Assert.Equal("member_added", Str(item, "action"));
        Assert.Equal(["auth"], item.GetProperty("seenIn").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(812, item.GetProperty("pid").GetInt32());
    }

    private static async Task<List<JsonElement>> Items(HttpClient client, string url)
    {
        using var doc = JsonDocument.Parse(await client.GetStringAsync(url));
        return [.. doc.RootElement.GetProperty("items").EnumerateArray().Select(e => e.Clone())];
    }

    private static string? Str(JsonElement e, string name) => e.GetProperty(name).GetString();

    private static async Task Post(HttpClient client, string url, string body)
    {
        var r = await client.PostAsync(url, new StringContent(body + "\n", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
    }
}
