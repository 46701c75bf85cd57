using static Audit.Tests.RealMachine.RealMachineRun;

namespace Audit.Tests.RealMachine;

/// <summary>
/// Nothing the machine wrote is lost, and nothing lands in <c>GET /unparsed</c> but the lines listed
/// here as known (each with why). A new unparsed line fails with the line itself in the message.
/// </summary>
[Collection(RealMachineCollection.Name)]
public sealed class RealUnparsedTests(RealMachineRun run)
{
    /// <summary>
    /// auth.log lines Debian 12 writes here that no parser takes yet (line fragment → why it is known).
    /// </summary>
    private static readonly (string Fragment, string Reason, string Why)[] KnownAuthGaps =
    [
        ("syslogin_perform_logout: logout() returned an error", "sshd message not understood",
            "sshd at logout where utmp cannot be written (no /var/run/utmp on this machine): chatter that should be noise"),
    ];

    private ScenarioFacts Facts => run.Facts;

    [Fact]
    public async Task Every_line_the_machine_wrote_is_stored()
    {
        foreach (var (source, lines) in new[]
                 {
                     ("/var/log/auth.log", run.Recording.AuthLines.Count),
                     ("/var/log/commands.log", run.Recording.CommandLines.Count),
                     ("/var/log/audit/audit.log", run.Recording.AuditLines.Count),
                 })
        {
            var stored = await run.Api.Database.ScalarAsync<long>("SELECT count(*) FROM raw_lines WHERE host = @h AND source = @s", ("h", Facts.Host), ("s", source));
            Assert.True(lines > 0, source + " is empty");
            Assert.Equal(lines, stored);
        }
    }

    [Fact]
    public async Task Auth_log_leaves_only_known_lines_unparsed()
    {
        var items = await run.ItemsAsync($"unparsed?host={Facts.Host}&source=/var/log/auth.log");
        var unknown = items.Where(i => !KnownAuthGaps.Any(k => Str(i, "reason") == k.Reason && Str(i, "line")!.Contains(k.Fragment, StringComparison.Ordinal))).ToList();
        Assert.True(unknown.Count == 0, "unparsed auth.log lines:\n" + Describe(unknown));
    }

    [Fact]
    public async Task Commands_log_leaves_nothing_unparsed()
    {
        var items = await run.ItemsAsync($"unparsed?host={Facts.Host}&source=/var/log/commands.log");
        Assert.True(items.Count == 0, "unparsed commands.log lines:\n" + Describe(items));
    }

    [Fact]
    public async Task Audit_log_leaves_nothing_unparsed()
    {
        var items = await run.ItemsAsync($"unparsed?host={Facts.Host}&source=/var/log/audit/audit.log");
        Assert.True(items.Count == 0, "unparsed audit.log lines:\n" + Describe(items.Take(20)));
    }
}
