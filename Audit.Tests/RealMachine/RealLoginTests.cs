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
    public async Task Wrong_password_comes_back_as_a_failed_password_login()
    {
        var items = await run.ItemsAsync($"logins?host={Facts.Host}&user={Facts.Account.Name}&outcome=failure");
        var failed = Assert.Single(items, i => Str(i, "detail") == "failed");
        Assert.Equal("password", Str(failed, "method"));
        Assert.Equal("127.0.0.1", Str(failed, "sourceIp"));
        Assert.True(Int(failed, "sourcePort") > 0, Describe(items));
        Assert.False(failed.GetProperty("invalidUser").GetBoolean());
        Assert.DoesNotContain(items, i => Str(i, "outcome") != "failure");
    }

    [Fact]
    public async Task Unknown_user_comes_back_as_an_invalid_user_with_its_attempt()
    {
        var items = await run.ItemsAsync($"logins?host={Facts.Host}&user={Facts.InvalidUser}");
        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.True(i.GetProperty("invalidUser").GetBoolean(), Describe(items)));
        Assert.All(items, i => Assert.Equal("failure", Str(i, "outcome")));
        Assert.Contains(items, i => Str(i, "detail") == "invalid_user");
        var failed = Assert.Single(items, i => Str(i, "detail") == "failed");
        Assert.Equal("password", Str(failed, "method"));
        // One connection: every line of the attempt carries the same client port.
        Assert.Single(items.Select(i => Int(i, "sourcePort")).Distinct());
    }

    [Fact]
    public async Task Unauthorised_key_comes_back_as_a_refused_connection_of_its_own()
    {
        var items = await run.ItemsAsync($"logins?host={Facts.Host}&user={Facts.Account.Name}&outcome=failure");
        var passwordPort = Int(Assert.Single(items, i => Str(i, "detail") == "failed"), "sourcePort");
        var closed = items.Where(i => Str(i, "detail") == "preauth_closed").ToList();
        Assert.Contains(closed, i => Int(i, "sourcePort") == passwordPort);
        Assert.Contains(closed, i => Int(i, "sourcePort") != passwordPort && Int(i, "sourcePort") != Facts.SessionClientPort);
    }

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
