using System.Globalization;
using Audit.Tests.Support;

namespace Audit.Tests.RealMachine;

/// <summary>
/// Debian's sshd on a free port of 127.0.0.1 with its own host key and configuration: PAM on,
/// syslog facility AUTH at INFO (Debian's defaults), passwords and keys accepted.
/// </summary>
public sealed class PrivateSshd(string dir)
{
    private ManagedProcess? _process;

    public int Port { get; private set; }

    public string Output
    {
        get => _process?.Output ?? _output;
        private set => _output = value;
    }

    private string _output = "";

    public async Task StartAsync(UndoJournal journal, string authLog)
    {
        var hostKey = Path.Combine(dir, "ssh_host_ed25519_key");
        await HostCommand.RunAsync(MachinePrograms.SshKeygen, ["-q", "-t", "ed25519", "-N", "", "-C", "audit-realmachine-host", "-f", hostKey]);
        Port = FreePort.Next();
        var conf = Path.Combine(dir, "sshd_config");
        File.WriteAllText(conf, $"""
            Port {Port}
            ListenAddress 127.0.0.1
            HostKey {hostKey}
            PidFile {dir}/sshd.pid
            UsePAM yes
            SyslogFacility AUTH
            LogLevel INFO
            PasswordAuthentication yes
            KbdInteractiveAuthentication no
            PubkeyAuthentication yes
            PermitRootLogin no
            PrintMotd no
            MaxStartups 50
            """);

        // sshd's privilege-separation directory, which Debian's service would create.
        if (!Directory.Exists("/run/sshd"))
        {
            journal.Add(new UndoStep(UndoKind.Run, ["rmdir", "/run/sshd"]));
            Directory.CreateDirectory("/run/sshd");
        }

        await HostCommand.RunAsync(MachinePrograms.Sshd, ["-t", "-f", conf]);
        _process = ManagedProcess.Start(MachinePrograms.Sshd, ["-D", "-f", conf]);
        journal.Add(new UndoStep(UndoKind.Kill, Pid: _process.Id, Marker: conf));

        // Ready when it says so in the log (a probe connection would leave lines of its own there).
        await PrivateRsyslog.WaitForAsync(authLog, l => l.Contains($"sshd[{_process.Id}]: Server listening on 127.0.0.1 port {Port}.", StringComparison.Ordinal), "sshd's start");
        if (_process.HasExited) throw new InvalidOperationException("sshd exited:\n" + _process.Output);
    }

    /// <summary>ssh options for the client side: no user or system configuration, no host key prompts.</summary>
    public IEnumerable<string> ClientOptions() =>
    [
        "-F", "/dev/null",
        "-o", "StrictHostKeyChecking=no",
        "-o", "UserKnownHostsFile=/dev/null",
        "-o", "LogLevel=ERROR",
        "-o", "ConnectTimeout=10",
        "-p", Port.ToString(CultureInfo.InvariantCulture),
    ];

    public async Task StopAsync()
    {
        if (_process is null) return;
        await _process.StopAsync(TimeSpan.FromSeconds(10));
        Output = _process.Output;
        _process.Dispose();
        _process = null;
    }
}
