using System.Text.Json;
using static Audit.Tests.RealMachine.RealMachineRun;

namespace Audit.Tests.RealMachine;

/// <summary>The SSH login reconstructed from sshd, pam_unix and auditd, via <c>GET /sessions</c> and <c>/sessions/{id}</c>.</summary>
[Collection(RealMachineCollection.Name)]
public sealed class RealSessionTests(RealMachineRun run)
{
    private ScenarioFacts Facts => run.Facts;

    private async Task<JsonElement> SessionAsync()
    {
        var items = await run.ItemsAsync($"sessions?host={Facts.Host}&user={Facts.Account.Name}");
        return Assert.Single(items);
    }

    [Fact]
    public async Task Login_comes_back_as_one_session_with_address_method_end_and_audit_session()
    {
        var s = await SessionAsync();
        Assert.Equal("127.0.0.1", Str(s, "sourceIp"));
        Assert.Equal(Facts.SessionClientPort, Int(s, "sourcePort"));
        Assert.Equal("publickey", Str(s, "method"));
        Assert.Equal(Facts.Account.Uid, Long(s, "loginUid"));
        Assert.NotNull(Long(s, "auditSession"));
        var start = s.GetProperty("start").GetDateTimeOffset();
        var end = s.GetProperty("end").GetDateTimeOffset();
        Assert.InRange(start, Facts.Started, Facts.Finished);
        Assert.InRange(end, start, Facts.Finished);
    }

    [Fact]
    public async Task Session_holds_what_was_typed_sudo_and_what_ran_as_root_in_time_order()
    {
        var s = await SessionAsync();
        using var response = await run.Client.GetAsync($"/api/v1/sessions/{Str(s, "id")}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        using var doc = JsonDocument.Parse(body);
        Assert.Equal("auditd-session", doc.RootElement.GetProperty("tiedBy").GetString());
        Assert.False(doc.RootElement.GetProperty("truncated").GetBoolean());
        var items = doc.RootElement.GetProperty("items").EnumerateArray().ToList();

        // Every typed line, of the login shell and of the root shell after sudo -i, in the order typed.
        var commands = items.Where(i => Str(i, "kind") == "command").Select(i => Str(i, "summary")).ToList();
        Assert.Equal(Facts.Typed.Select(t => t.Command), commands);
        Assert.Contains(items, i => Str(i, "kind") == "sudo" && Str(i, "summary")!.Contains("/usr/bin/cat /etc/shadow", StringComparison.Ordinal));
        Assert.Contains(items, i => Str(i, "kind") == "execution" && Str(i, "summary")!.Contains("/etc/debian_version", StringComparison.Ordinal));
        var times = items.Select(i => i.GetProperty("time").GetDateTimeOffset()).ToList();
        Assert.Equal(times.Order(), times);
    }
}
