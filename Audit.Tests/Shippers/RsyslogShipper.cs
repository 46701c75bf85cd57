using Audit.Api.Ingest;
using Audit.Tests.Support;

namespace Audit.Tests.Shippers;

/// <summary>
/// rsyslogd from Debian running deploy/rsyslog/30-audit-forward.conf and 31-audit-files.conf unchanged
/// but for server, port, key and paths: imfile tails the auditd log, omelasticsearch ships in bulk mode.
/// </summary>
public sealed class RsyslogShipper : ShipperUnderTest
{
    public override ShipperKind Kind => ShipperKind.Rsyslog;

    public override string InputFile => Path.Combine(Sandbox, "var/log/audit/audit.log");

    public override async Task StartAsync(int port, string ingestKey)
    {
        File.WriteAllText(InputFile, "");
        var forward = Path.Combine(Sandbox, "30-audit-forward.conf");
        File.WriteAllText(forward, DeployTemplate.Render("rsyslog/30-audit-forward.conf", Sandbox,
            ("server=\"audit.example.internal\"", "server=\"127.0.0.1\""),
            ("serverport=\"9200\"", $"serverport=\"{port}\""),
            ("pwd=\"REPLACE-WITH-INGEST-KEY\"", $"pwd=\"{ingestKey}\""),
            ("action.resumeInterval=\"10\"", "action.resumeInterval=\"1\"")));
        var files = Path.Combine(Sandbox, "31-audit-files.conf");
        File.WriteAllText(files, DeployTemplate.Render("rsyslog/31-audit-files.conf", Sandbox));
        var main = Path.Combine(Sandbox, "rsyslog.conf");
        File.WriteAllText(main, $"""
            global(workDirectory="{Sandbox}/work")
            include(file="{forward}")
            include(file="{files}")
            """);

        var (code, check) = await ManagedProcess.RunAsync(RepoPaths.Rsyslogd, ["-N1", "-f", main]);
        Assert.True(code == 0, "rsyslogd -N1 refused the configuration:\n" + check);
        Process = ManagedProcess.Start(RepoPaths.Rsyslogd, ["-n", "-f", main, "-i", Path.Combine(Sandbox, "rsyslogd.pid")]);
        // Started once it wrote its pid file (after reading its configuration), or failed if it exited first.
        var pidFile = Path.Combine(Sandbox, "rsyslogd.pid");
        await Eventually.ReachAsync(() => Task.FromResult(File.Exists(pidFile) || Process.HasExited), up => up, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50));
        Assert.False(Process.HasExited, "rsyslogd exited:\n" + Process.Output);
        Assert.True(File.Exists(pidFile), "rsyslogd wrote no pid file:\n" + Process.Output);
    }
}
