using Audit.Api.Ingest;
using Audit.Tests.Support;

namespace Audit.Tests.Shippers;

/// <summary>
/// syslog-ng 3.38 from Debian's packages (unpacked, see scripts/install-deps.sh) running
/// deploy/syslog-ng/audit-forward.conf unchanged but for URL, key, time-reopen and paths.
/// </summary>
public sealed class SyslogNgShipper : ShipperUnderTest
{
    public override ShipperKind Kind => ShipperKind.SyslogNg;

    public override string InputFile => Path.Combine(Sandbox, "var/log/commands.log");

    public override async Task StartAsync(int port, string ingestKey)
    {
        File.WriteAllText(InputFile, "");
        var forward = Path.Combine(Sandbox, "audit-forward.conf");
        File.WriteAllText(forward, DeployTemplate.Render("syslog-ng/audit-forward.conf", Sandbox,
            ("http://audit.example.internal:9200/_bulk", $"http://127.0.0.1:{port}/_bulk"),
            ("password(\"REPLACE-WITH-INGEST-KEY\")", $"password(\"{ingestKey}\")"),
            ("time-reopen(10)", "time-reopen(1)")));
        var main = Path.Combine(Sandbox, "syslog-ng.conf");
        File.WriteAllText(main, $"""
            @version: 3.38
            @include "{RepoPaths.SyslogNgScl("elasticsearch", "elastic-http.conf")}"
            @include "{forward}"

            """); // pragmas must end with a newline

        var (code, check) = await ManagedProcess.RunAsync(RepoPaths.SyslogNg, [RepoPaths.SyslogNgModulePath, "--syntax-only", "-f", main], environment: RepoPaths.SyslogNgEnvironment);
        Assert.True(code == 0, "syslog-ng --syntax-only refused the configuration:\n" + check);
        Process = ManagedProcess.Start(RepoPaths.SyslogNg,
            [RepoPaths.SyslogNgModulePath, "-F", "-f", main, "-R", Path.Combine(Sandbox, "syslog-ng.persist"), "-p", Path.Combine(Sandbox, "syslog-ng.pid"), "--control", Path.Combine(Sandbox, "syslog-ng.ctl")],
            RepoPaths.SyslogNgEnvironment);
        // Started once it wrote its pid file (after reading its configuration), or failed if it exited first.
        var pidFile = Path.Combine(Sandbox, "syslog-ng.pid");
        await Eventually.ReachAsync(() => Task.FromResult(File.Exists(pidFile) || Process.HasExited), up => up, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50));
        Assert.False(Process.HasExited, "syslog-ng exited:\n" + Process.Output);
        Assert.True(File.Exists(pidFile), "syslog-ng wrote no pid file:\n" + Process.Output);
    }
}
