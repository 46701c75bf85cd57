using System.Diagnostics;
using Audit.Tests.Support;

namespace Audit.Tests.RealMachine;

/// <summary>
/// rsyslogd with a private configuration (its own work dir and pid file, not /etc/rsyslog.conf) that
/// owns /dev/log while it runs: sshd, sudo, su, useradd and logger always log there. Debian 12's file
/// format (RFC 3339 times); auth/authpriv to auth.log as Debian does, local6 to commands.log through
/// the deploy kit's 40-audit-commands.conf. A /dev/log found at the start is moved aside and put back.
/// </summary>
public sealed class PrivateRsyslog
{
    private const string ProbeTag = "audit-rm-probe";

    private readonly string _dir;
    private ManagedProcess? _process;

    public PrivateRsyslog(string dir, string hostName)
    {
        _dir = dir;
        HostName = hostName;
    }

    public string HostName { get; }

    public string AuthLog => Path.Combine(_dir, "auth.log");

    public string CommandsLog => Path.Combine(_dir, "commands.log");

    public string Output
    {
        get => _process?.Output ?? _output;
        private set => _output = value;
    }

    private string _output = "";

    public async Task StartAsync(UndoJournal journal)
    {
        Directory.CreateDirectory(Path.Combine(_dir, "work"));
        var commands = File.ReadAllText(RepoPaths.Deploy("rsyslog", "40-audit-commands.conf"));
        if (!commands.Contains("/var/log/commands.log", StringComparison.Ordinal)) throw new InvalidOperationException("deploy/rsyslog/40-audit-commands.conf no longer writes /var/log/commands.log");
        var commandsConf = Path.Combine(_dir, "40-audit-commands.conf");
        File.WriteAllText(commandsConf, commands.Replace("/var/log/commands.log", CommandsLog, StringComparison.Ordinal));
        var conf = Path.Combine(_dir, "rsyslog.conf");
        File.WriteAllText(conf, $"""
            global(workDirectory="{_dir}/work" localHostname="{HostName}")
            module(load="imuxsock" SysSock.Name="/dev/log")
            :programname, isequal, "{ProbeTag}" {_dir}/probe.log
            & stop
            include(file="{commandsConf}")
            auth,authpriv.*    {AuthLog}
            """);
        var (code, check) = await ManagedProcess.RunAsync(MachinePrograms.Rsyslogd, ["-N1", "-f", conf]);
        if (code != 0) throw new InvalidOperationException("rsyslogd -N1 refused the private configuration:\n" + check);

        var movedTo = $"/dev/log.audit-realmachine-{Environment.ProcessId}";
        var hadDevLog = Path.Exists("/dev/log");
        journal.Add(new UndoStep(UndoKind.RestoreDevLog, Marker: hadDevLog ? movedTo : null));
        if (hadDevLog) File.Move("/dev/log", movedTo);

        _process = ManagedProcess.Start(MachinePrograms.Rsyslogd, ["-n", "-f", conf, "-i", Path.Combine(_dir, "rsyslogd.pid")]);
        journal.Add(new UndoStep(UndoKind.Kill, Pid: _process.Id, Marker: conf));
        await ProbeAsync();
    }

    /// <summary>A line through /dev/log reaches our files: the socket is ours and rsyslog writes.</summary>
    private async Task ProbeAsync()
    {
        var nonce = Guid.NewGuid().ToString("N");
        var probeLog = Path.Combine(_dir, "probe.log");
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            if (_process!.HasExited) throw new InvalidOperationException("rsyslogd exited:\n" + _process.Output);
            if (Path.Exists("/dev/log")) await HostCommand.TryRunAsync(MachinePrograms.Logger, ["-t", ProbeTag, nonce]);
            if (File.Exists(probeLog) && File.ReadAllText(probeLog).Contains(nonce, StringComparison.Ordinal)) return;
            await Task.Delay(200);
        }

        throw new TimeoutException("rsyslogd did not take /dev/log:\n" + _process!.Output);
    }

    /// <summary>Waits until the file holds a line matching <paramref name="done"/> (rsyslog writes asynchronously).</summary>
    public static async Task WaitForAsync(string file, Func<string, bool> done, string what)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            if (File.Exists(file) && File.ReadLines(file).Any(done)) return;
            await Task.Delay(200);
        }

        throw new TimeoutException($"{what} never reached {file}:\n" + (File.Exists(file) ? File.ReadAllText(file) : "(no file)"));
    }

    public async Task StopAsync()
    {
        if (_process is null) return;
        await _process.StopAsync(TimeSpan.FromSeconds(10));
        Output = _process.Output;
        _process.Dispose();
        _process = null;
    }
}
