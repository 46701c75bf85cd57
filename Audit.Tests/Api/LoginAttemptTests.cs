using System.Net;
using System.Text;
using System.Text.Json;
using Audit.Tests.Support;

namespace Audit.Tests.Api;

/// <summary>
/// /logins, /stats/summary and the relay host on OpenSSH 9.2-with-PAM lines (shapes as Debian 12 writes
/// them): the lines of each connection become one row per attempt, also across batches.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class LoginAttemptTests(AuditApiFactory api)
{
    [Fact]
    public async Task Two_wrong_passwords_and_three_for_an_invalid_user_are_five_failed_attempts()
    {
        var host = Unique.Host();
        var t = DateTimeOffset.UtcNow.AddMinutes(-5);
        string L(int s, int pid, string msg) => $"{t.AddSeconds(s):yyyy-MM-ddTHH:mm:ss.ffffffK} {host} sshd[{pid}]: {msg}";
        const string Pam = "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=127.0.0.1";

        // pam_unix logs a connection's first failure and counts the rest in its summary at the end.
        // The first batch ends right after alice's second verdict; her close and PAM's summary come in the next.
        await PostAsync(host, L(0, 4100, $"{Pam}  user=alice"), L(2, 4100, "Failed password for alice from 127.0.0.1 port 50200 ssh2"),
            L(5, 4100, "Failed password for alice from 127.0.0.1 port 50200 ssh2"));
        await api.ParseAllAsync();
        await PostAsync(host, L(6, 4100, "Connection closed by authenticating user alice 127.0.0.1 port 50200 [preauth]"),
            L(6, 4100, $"PAM 1 more authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=127.0.0.1  user=alice"),
            L(10, 4200, "Invalid user oracle from 127.0.0.1 port 50300"),
            L(10, 4200, "pam_unix(sshd:auth): check pass; user unknown"), L(10, 4200, Pam),
            L(12, 4200, "Failed password for invalid user oracle from 127.0.0.1 port 50300 ssh2"),
            L(13, 4200, "pam_unix(sshd:auth): check pass; user unknown"),
            L(15, 4200, "Failed password for invalid user oracle from 127.0.0.1 port 50300 ssh2"),
            L(16, 4200, "pam_unix(sshd:auth): check pass; user unknown"),
            L(18, 4200, "Failed password for invalid user oracle from 127.0.0.1 port 50300 ssh2"),
            L(19, 4200, "Connection closed by invalid user oracle 127.0.0.1 port 50300 [preauth]"),
            L(19, 4200, "PAM 2 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=127.0.0.1"),
            L(30, 4300, "Accepted publickey for alice from 127.0.0.1 port 50400 ssh2: ED25519 SHA256:dGVzdGtleWZpbmdlcnByaW50"));
        await api.ParseAllAsync();

        using var client = api.CreateClientWithKey();
        var rows = await ItemsAsync(client, $"/api/v1/logins?host={host}&limit=100");
        var described = rows.Select(r => $"{r.GetProperty("user").GetString()} {r.GetProperty("outcome").GetString()} {string.Join(',', r.GetProperty("details").EnumerateArray().Select(d => d.GetString()))}")
            .Reverse().ToArray();
        Assert.Equal(
        [
            "alice failure pam_failure,failed",
            "alice failure failed,preauth_closed,pam_more_failures",
            "oracle failure invalid_user,pam_failure,failed",
            "oracle failure failed",
            "oracle failure failed,preauth_closed,pam_more_failures",
            "alice success accepted",
        ], described);
        Assert.All(rows.Where(r => r.GetProperty("user").GetString() == "oracle"), r => Assert.True(r.GetProperty("invalidUser").GetBoolean()));

        using var stats = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/stats/summary?host={host}"));
        var failed = stats.RootElement.GetProperty("failedLoginsBySourceIp").EnumerateArray().Single();
        Assert.Equal(("127.0.0.1", 5), (failed.GetProperty("name").GetString(), failed.GetProperty("count").GetInt32()));

        using var sessions = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/sessions?host={host}"));
        Assert.Single(sessions.RootElement.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_connection_closed_before_any_attempt_is_no_failed_login()
    {
        var host = Unique.Host();
        var t = DateTimeOffset.UtcNow.AddMinutes(-5);
        await PostAsync(host, $"{t:O} {host} sshd[5100]: Connection closed by 198.51.100.20 port 40000 [preauth]",
            $"{t:O} {host} sshd[5101]: Did not receive identification string from 198.51.100.21 port 40001");
        using var client = api.CreateClientWithKey();
        // The connection's lines are held until it has been quiet for the window (one second in the tests).
        var rows = await Eventually.ReachAsync(async () =>
        {
            await api.ParseAllAsync();
            return await ItemsAsync(client, $"/api/v1/logins?host={host}");
        }, r => r.Count == 2, TimeSpan.FromSeconds(30));
        Assert.Equal(["no_identification", "preauth_closed"], rows.Select(r => r.GetProperty("detail").GetString()!).Order().ToArray());
        Assert.All(rows, r => Assert.Equal("closed_before_attempt", r.GetProperty("outcome").GetString()));
        Assert.Empty(await ItemsAsync(client, $"/api/v1/logins?host={host}&outcome=failure"));
        Assert.Equal(2, (await ItemsAsync(client, $"/api/v1/logins?host={host}&outcome=closed_before_attempt")).Count);

        using var stats = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/stats/summary?host={host}"));
        Assert.Empty(stats.RootElement.GetProperty("failedLoginsBySourceIp").EnumerateArray());
    }

    [Fact]
    public async Task A_relayed_line_keeps_the_origin_as_host_and_the_shipper_as_relay_host()
    {
        var origin = Unique.Host("origin");
        var relay = Unique.Host("relay");
        var t = DateTimeOffset.UtcNow.AddMinutes(-5);
        await PostAsync(relay, $"{t:O} {origin} sshd[6100]: Accepted password for bob from 192.0.2.30 port 41000 ssh2",
            $"{t:O} {origin} bob: bob [6200]: uname -a [0]", $"{t:O} {relay} sshd[6300]: Accepted password for carol from 192.0.2.31 port 41001 ssh2");
        await api.ParseAllAsync();

        using var client = api.CreateClientWithKey();
        var login = Assert.Single(await ItemsAsync(client, $"/api/v1/logins?host={origin}"));
        Assert.Equal((origin, relay), (login.GetProperty("host").GetString(), login.GetProperty("relayHost").GetString()));
        var command = Assert.Single(await ItemsAsync(client, $"/api/v1/commands?host={origin}"));
        Assert.Equal(relay, command.GetProperty("relayHost").GetString());
        var own = Assert.Single(await ItemsAsync(client, $"/api/v1/logins?host={relay}"));
        Assert.Equal(JsonValueKind.Null, own.GetProperty("relayHost").ValueKind);
    }

    private static async Task<List<JsonElement>> ItemsAsync(HttpClient client, string url)
    {
        using var doc = JsonDocument.Parse(await client.GetStringAsync(url));
        return doc.RootElement.GetProperty("items").EnumerateArray().Select(e => e.Clone()).ToList();
    }

    private async Task PostAsync(string host, params string[] lines)
    {
        using var client = api.CreateClientWithKey();
        var r = await client.PostAsync($"/api/v1/ingest?host={host}&source=/var/log/auth.log", new StringContent(string.Join('\n', lines) + "\n", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
    }
}
