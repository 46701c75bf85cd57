using System.Globalization;

namespace Audit.Tests.RealMachine;

/// <summary>The kernel audit state <c>auditctl -s</c> reports (the parts the suite changes and restores).</summary>
public sealed record AuditStatus(int Enabled, int Pid, int BacklogLimit)
{
    public static async Task<AuditStatus> ReadAsync()
    {
        var (code, output) = await HostCommand.TryRunAsync(MachinePrograms.Auditctl, ["-s"]);
        if (code != 0)
        {
            throw new InvalidOperationException(
                "auditctl -s failed: the kernel audit subsystem is not usable here (a container without CAP_AUDIT_CONTROL, or audit=0 on the kernel command line):\n" + output);
        }

        var values = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1].Trim());
        int Get(string name) => int.Parse(values[name].Split(' ')[0], CultureInfo.InvariantCulture);
        return new AuditStatus(Get("enabled"), Get("pid"), Get("backlog_limit"));
    }
}
