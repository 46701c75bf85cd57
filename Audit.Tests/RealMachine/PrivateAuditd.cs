using System.Diagnostics;
using System.Globalization;
using Audit.Tests.Support;

namespace Audit.Tests.RealMachine;

/// <summary>
/// Debian's auditd writing a private audit.log (its own configuration directory, ENRICHED format as
/// Debian ships it), with the deploy kit's rules loaded: every <c>-a</c>/<c>-w</c> rule of
/// deploy/auditd/audit.rules, without its machine-wide settings (-D would delete others' rules, -e 2
/// would lock the rules until reboot). Rules, enabled flag and backlog limit are put back afterwards.
/// </summary>
public sealed class PrivateAuditd(string dir)
{
    /// <summary>The deploy file's lines that set machine-wide state; anything else unknown fails the suite.</summary>
    private static readonly string[] MachineWide = ["-D", "-b ", "--backlog_wait_time ", "-f ", "-e "];

    private ManagedProcess? _process;

    public string AuditLog => Path.Combine(dir, "log", "audit.log");

    public IReadOnlyList<string> Rules { get; private set; } = [];

    public string Output
    {
        get => _process?.Output ?? _output;
        private set => _output = value;
    }

    private string _output = "";

    public async Task StartAsync(UndoJournal journal)
    {
        var before = await AuditStatus.ReadAsync();
        if (before.Pid != 0) throw new InvalidOperationException($"an audit daemon (pid {before.Pid}) already runs on this machine; the suite needs the audit slot for its own");
        if (before.Enabled == 2) throw new InvalidOperationException("the kernel's audit rules are locked (enabled 2, until reboot); rules cannot be loaded");

        Rules = DeployRules();
        Directory.CreateDirectory(Path.Combine(dir, "log"));
        Directory.CreateDirectory(Path.Combine(dir, "plugins"));
        var conf = Path.Combine(dir, "auditd.conf");
        File.WriteAllText(conf, $"""
            local_events = yes
            write_logs = yes
            log_file = {AuditLog}
            log_format = ENRICHED
            flush = INCREMENTAL_ASYNC
            freq = 1
            max_log_file = 200
            num_logs = 1
            max_log_file_action = IGNORE
            space_left = 2
            space_left_action = IGNORE
            admin_space_left = 1
            admin_space_left_action = IGNORE
            disk_full_action = IGNORE
            disk_error_action = IGNORE
            plugin_dir = {dir}/plugins
            use_libwrap = no
            end_of_event_timeout = 2
            """);
        HostCommand.Chmod(conf, "600");

        journal.Add(new UndoStep(UndoKind.Run, [MachinePrograms.Auditctl, "-e", before.Enabled.ToString(CultureInfo.InvariantCulture)]));
        journal.Add(new UndoStep(UndoKind.Run, [MachinePrograms.Auditctl, "-b", before.BacklogLimit.ToString(CultureInfo.InvariantCulture)]));
        _process = ManagedProcess.Start(MachinePrograms.Auditd, ["-n", "-c", dir]);
        journal.Add(new UndoStep(UndoKind.Kill, Pid: _process.Id, Marker: dir));
        var clock = Stopwatch.StartNew();
        while ((await AuditStatus.ReadAsync()).Pid != _process.Id)
        {
            if (_process.HasExited || clock.Elapsed > TimeSpan.FromSeconds(15)) throw new InvalidOperationException("auditd did not start:\n" + _process.Output);
            await Task.Delay(100);
        }

        // Room for bursts (bash start-up runs many programs); the deploy file asks for 8192 too.
        await HostCommand.RunAsync(MachinePrograms.Auditctl, ["-b", "8192"]);
        foreach (var rule in Rules)
        {
            var args = rule.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            journal.Add(new UndoStep(UndoKind.Run, [MachinePrograms.Auditctl, args[0] == "-a" ? "-d" : "-W", .. args[1..]]));
            await HostCommand.RunAsync(MachinePrograms.Auditctl, args);
        }
    }

    /// <summary>The -a/-w rules of deploy/auditd/audit.rules, in order.</summary>
    public static IReadOnlyList<string> DeployRules()
    {
        var rules = new List<string>();
        foreach (var raw in File.ReadAllLines(RepoPaths.Deploy("auditd", "audit.rules")))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line.StartsWith("-a ", StringComparison.Ordinal) || line.StartsWith("-w ", StringComparison.Ordinal)) rules.Add(line);
            else if (!MachineWide.Any(m => line == m.Trim() || line.StartsWith(m, StringComparison.Ordinal))) throw new InvalidOperationException($"deploy/auditd/audit.rules has a line the suite does not know how to load safely: {line}");
        }

        return rules;
    }

    /// <summary>Removes the rules, stops the daemon (it flushes the log), restores the kernel state (the journal also does, if this is never reached).</summary>
    public async Task StopAsync()
    {
        foreach (var rule in Rules)
        {
            var args = rule.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            await HostCommand.TryRunAsync(MachinePrograms.Auditctl, [args[0] == "-a" ? "-d" : "-W", .. args[1..]]);
        }

        if (_process is null) return;
        await _process.StopAsync(TimeSpan.FromSeconds(10));
        Output = _process.Output;
        _process.Dispose();
        _process = null;
    }
}
