using static Audit.Tests.RealMachine.RealMachineRun;

namespace Audit.Tests.RealMachine;

/// <summary>sshd's real lines about the logins the scenario made, as <c>GET /logins</c> answers them.</summary>
[Collection(RealMachineCollection.Name)]
public sealed class RealLoginTests(RealMachineRun run)
{
    private ScenarioFacts Facts => run.Facts;

    [Fact]
    public async Task Publickey_login_comes_back_with_user_address_port_and_key()
    {
        var items = await run.ItemsAsync($"logins?host={Facts.Host}&user={Facts.Account.Name}&outcome=success");
        var login = Assert.Single(items);
        Assert.Equal("publickey", Str(login, "method"));
        Assert.Equal("127.0.0.1", Str(login, "sourceIp"));
        Assert.Equal(Facts.SessionClientPort, Int(login, "sourcePort"));
        Assert.Equal("ED25519", Str(login, "keyType"));
        Assert.Equal(Facts.Account.KeyFingerprint, Str(login, "keyFingerprint"));
        Assert.Equal("sshd", Str(login, "service"));
        Assert.InRange(login.GetProperty("time").GetDateTimeOffset(), Facts.Started, Facts.Finished);
    }

    [Fact]
    public async Task Each_wrong_password_is_one_failed_attempt_and_two_in_one_connection_are_two()
    {
        var items = await run.ItemsAsync($"logins?host={Facts.Host}&user={Facts.Account.Name}&outcome=failure");
        Assert.All(items, i => Assert.Equal(("failed", "password", "127.0.0.1", false), (Str(i, "detail"), Str(i, "method"), Str(i, "sourceIp"), i.GetProperty("invalidUser").GetBoolean())));
        Assert.All(items, i => Assert.Contains("failed", Details(i)));
        // pam_unix logs a connection's first failure; the later ones only in its "N more" summary at the end.
        Assert.Equal(2, items.Count(i => Details(i).Contains("pam_failure")));
        Assert.Single(items, i => Details(i).Contains("pam_more_failures"));
        // The first connection: one wrong password; the mixed one (refused key, then two wrong passwords): two.
        var byPort = items.GroupBy(i => Int(i, "sourcePort")).Select(g => g.Count()).Order().ToArray();
        Assert.True(byPort is [1, 2], Describe(items));
        // The connection's close is told once, on its last attempt.
        Assert.Equal(2, items.Count(i => Details(i).Contains("preauth_closed")));
    }

    [Fact]
    public async Task Unknown_user_comes_back_as_one_attempt_that_names_it_invalid()
    {
        var items = await run.ItemsAsync($"logins?host={Facts.Host}&user={Facts.InvalidUser}");
        var attempt = Assert.Single(items);
        Assert.Equal(("failure", "failed", "password", true), (Str(attempt, "outcome"), Str(attempt, "detail"), Str(attempt, "method"), attempt.GetProperty("invalidUser").GetBoolean()));
        Assert.Equal("invalid_user", Details(attempt)[0]);
        Assert.Contains("failed", Details(attempt));
    }

    [Fact]
    public async Task Unauthorised_key_alone_is_a_connection_closed_before_any_attempt()
    {
        var items = await run.ItemsAsync($"logins?host={Facts.Host}&user={Facts.Account.Name}");
        var closed = Assert.Single(items, i => Str(i, "outcome") == "closed_before_attempt");
        Assert.Equal("preauth_closed", Str(closed, "detail"));
        Assert.DoesNotContain(items, i => Str(i, "outcome") != "closed_before_attempt" && Int(i, "sourcePort") == Int(closed, "sourcePort"));
    }

    [Fact]
    public async Task Summary_counts_failed_attempts_not_lines()
    {
        var failures = await run.ItemsAsync($"logins?host={Facts.Host}&outcome=failure&ip=127.0.0.1");
        Assert.Equal(4, failures.Count); // 1 + 2 wrong passwords for the account, 1 for the unknown user
        var response = await run.Client.GetStringAsync($"/api/v1/stats/summary?host={Facts.Host}&from={Uri.EscapeDataString(Facts.Started.AddMinutes(-1).ToString("O"))}");
        using var doc = System.Text.Json.JsonDocument.Parse(response);
        var loopback = Assert.Single(doc.RootElement.GetProperty("failedLoginsBySourceIp").EnumerateArray(), e => e.GetProperty("name").GetString() == "127.0.0.1");
        Assert.Equal(failures.Count, loopback.GetProperty("count").GetInt32());
    }

    private static List<string> Details(System.Text.Json.JsonElement item) =>
        item.GetProperty("details").ValueKind == System.Text.Json.JsonValueKind.Array
            ? item.GetProperty("details").EnumerateArray().Select(d => d.GetString()!).ToList()
            : [];

    [Fact]
    public async Task Ip_filter_finds_every_attempt_from_loopback_and_nothing_from_elsewhere()
    {
        var loopback = await run.ItemsAsync($"logins?host={Facts.Host}&ip=127.0.0.1");
        Assert.Contains(loopback, i => Str(i, "user") == Facts.Account.Name && Str(i, "outcome") == "success");
        Assert.Contains(loopback, i => Str(i, "user") == Facts.Account.Name && Str(i, "outcome") == "failure");
        Assert.Contains(loopback, i => Str(i, "user") == Facts.InvalidUser);
        Assert.Empty(await run.ItemsAsync($"logins?host={Facts.Host}&ip=10.1.2.3"));
    }
}
