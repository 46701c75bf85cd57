using System.Globalization;

namespace Audit.Bench.Pipeline;

/// <summary>
/// CPU seconds per party (API processes, PostgreSQL, rsyslogd, this client) between two readings, from
/// /proc: where a phase's time went on a machine whose cores they all share. PostgreSQL is the postmaster's
/// own and reaped children's time plus its live children's; it is read only when the server is local.
/// </summary>
public sealed class CpuMeter(int? postmasterPid)
{
    private static readonly double Tick = 100.0; // USER_HZ on Linux

    public static async Task<CpuMeter> ForServerAsync(string cs)
    {
        try
        {
            var dir = await Db.TextAsync(cs, "SHOW data_directory");
            var pid = int.Parse(File.ReadLines(Path.Combine(dir, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
            return new CpuMeter(pid);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or Npgsql.PostgresException)
        {
            return new CpuMeter(null);
        }
    }

    public Reading Read(IEnumerable<int> apiPids, int? rsyslogPid = null) =>
        new(DateTime.UtcNow, apiPids.Sum(p => Seconds(p, false)), postmasterPid is { } pm ? Seconds(pm, true) + Children(pm).Sum(c => Seconds(c, false)) : double.NaN,
            rsyslogPid is { } r ? Seconds(r, false) : 0, Seconds(Environment.ProcessId, false), MachineBusySeconds());

    /// <summary>CPU seconds every process on the machine spent so far (the first line of /proc/stat, all but idle and iowait).</summary>
    private static double MachineBusySeconds()
    {
        var f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        double total = 0;
        for (var i = 1; i < Math.Min(f.Length, 9); i++) total += double.Parse(f[i], CultureInfo.InvariantCulture); // user … steal
        return (total - double.Parse(f[4], CultureInfo.InvariantCulture) - double.Parse(f[5], CultureInfo.InvariantCulture)) / Tick;
    }

    private static IEnumerable<int> Children(int parent)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            var stat = Stat(pid);
            if (stat is not null && stat.Length > 1 && int.Parse(stat[1], CultureInfo.InvariantCulture) == parent) yield return pid;
        }
    }

    /// <summary>Fields of /proc/pid/stat after the command name: [0] state, [1] ppid, … [11] utime, [12] stime, [13] cutime, [14] cstime.</summary>
    private static string[]? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static double Seconds(int pid, bool withChildren)
    {
        var f = Stat(pid);
        if (f is null) return 0;
        double Field(int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
        return (Field(11) + Field(12) + (withChildren ? Field(13) + Field(14) : 0)) / Tick;
    }

    public readonly record struct Reading(DateTime At, double Api, double Postgres, double Rsyslog, double Client, double Machine)
    {
        /// <summary>
        /// "API 1.20, PostgreSQL 0.60, client 0.10, other processes 0.10 of 2" in cores over the time since
        /// <paramref name="start"/>; "other processes" is what the rest of the machine took meanwhile.
        /// </summary>
        public string Since(Reading start, bool rsyslog = false, bool api = true)
        {
            var wall = (At - start.At).TotalSeconds;
            string Cores(double a, double b) => ((a - b) / wall).ToString("F2", CultureInfo.InvariantCulture);
            var parts = new List<string>();
            if (api && !rsyslog) parts.Add($"API {Cores(Api, start.Api)}");
            if (rsyslog) parts.Add($"rsyslogd {Cores(Rsyslog, start.Rsyslog)}");
            if (!double.IsNaN(Postgres)) parts.Add($"PostgreSQL {Cores(Postgres, start.Postgres)}");
            parts.Add($"client {Cores(Client, start.Client)}");
            var ours = Api - start.Api + (rsyslog ? Rsyslog - start.Rsyslog : 0) + (double.IsNaN(Postgres) ? 0 : Postgres - start.Postgres) + Client - start.Client;
            parts.Add($"other processes {Math.Max(0, (Machine - start.Machine - ours) / wall).ToString("F2", CultureInfo.InvariantCulture)} of {Environment.ProcessorCount}");
            return "cores busy: " + string.Join(", ", parts);
        }
    }
}
