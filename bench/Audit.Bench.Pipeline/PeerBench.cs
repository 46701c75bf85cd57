using System.Diagnostics;

namespace Audit.Bench.Pipeline;

/// <summary>
/// The peer: what a minimalist builds from Debian's parts — rsyslog imfile → liblognorm mmnormalize → ompgsql, one
/// INSERT a line into a table without indexes (bench/peer: rulebase, config template, table). A private rsyslogd
/// (own config, work folder and pid file, in the foreground) against a fresh database of its own; the lines are
/// appended to its two files once it runs, and the clock stops when the table holds every line.
/// </summary>
public static class PeerBench
{
    public sealed record Result(long Rows, double Seconds, long Unparsed, long Commands, double PeakRssMiB, string Cpu);

    public static async Task<Result> RunAsync(PipelineOptions o, IReadOnlyList<LogLine> lines, CpuMeter cpu)
    {
        const string rsyslogd = "/usr/sbin/rsyslogd";
        if (!File.Exists(rsyslogd) || !File.Exists("/usr/lib/x86_64-linux-gnu/rsyslog/ompgsql.so"))
        {
            throw new InvalidOperationException("the peer needs rsyslog and rsyslog-pgsql: run scripts/install-deps.sh");
        }

        var db = await Db.CreateAsync(o.Server, "bench_peer");
        var cs = Db.Of(o.Server, db);
        var dir = Path.Combine(Path.GetTempPath(), $"audit-bench-peer-{Environment.ProcessId}");
        Process? daemon = null;
        try
        {
            await Db.ExecAsync(cs, await File.ReadAllTextAsync(Path.Combine(o.PeerDir, "schema.sql")));
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
            Directory.CreateDirectory(Path.Combine(dir, "work"));
            var pg = new Npgsql.NpgsqlConnectionStringBuilder(o.Server);
            var conf = (await File.ReadAllTextAsync(Path.Combine(o.PeerDir, "rsyslog.conf.in")))
                .Replace("@DIR@", dir, StringComparison.Ordinal).Replace("@RULEBASE@", Path.Combine(o.PeerDir, "audit.rb"), StringComparison.Ordinal)
                .Replace("@PG_HOST@", pg.Host, StringComparison.Ordinal).Replace("@PG_PORT@", pg.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("@PG_DB@", db, StringComparison.Ordinal).Replace("@PG_USER@", pg.Username, StringComparison.Ordinal);
            var confPath = Path.Combine(dir, "rsyslog.conf");
            await File.WriteAllTextAsync(confPath, conf);

            var psi = new ProcessStartInfo(rsyslogd) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "-n", "-f", confPath, "-i", Path.Combine(dir, "rsyslogd.pid") }) psi.ArgumentList.Add(a);
            daemon = Process.Start(psi)!;
            daemon.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 } d && !d.Contains("does not exist but is configured", StringComparison.Ordinal)) Console.Error.WriteLine("  rsyslogd| " + d); };
            daemon.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } d && !d.Contains("does not exist but is configured", StringComparison.Ordinal)) Console.Error.WriteLine("  rsyslogd! " + d); };
            daemon.BeginOutputReadLine();
            daemon.BeginErrorReadLine();
            // Up when its pid file is there, and a probe line went through (so its database connection is open too).
            var probe = Stopwatch.StartNew();
            while (!File.Exists(Path.Combine(dir, "rsyslogd.pid")))
            {
                if (daemon.HasExited || probe.Elapsed > TimeSpan.FromSeconds(30)) throw new InvalidOperationException($"rsyslogd did not start (exit {(daemon.HasExited ? daemon.ExitCode : -1)})");
                await Task.Delay(50);
            }

            await File.WriteAllTextAsync(Path.Combine(dir, "auth.log"), "warm-up line\n");
            await Db.WaitForAsync(cs, "SELECT count(*) FROM peer_events", 1, TimeSpan.FromSeconds(30), 50);
            await Db.ExecAsync(cs, "TRUNCATE peer_events");

            var start = cpu.Read([], daemon.Id);
            var sw = Stopwatch.StartNew();
            // Appended as the hosts' syslog daemon would have written them: each file in order.
            await using (var auth = new StreamWriter(Path.Combine(dir, "auth.log"), append: true))
            await using (var commands = new StreamWriter(Path.Combine(dir, "commands.log"), append: true))
            {
                foreach (var l in lines) await (l.IsCommand ? commands : auth).WriteAsync(l.Line + "\n");
            }

            var rows = await Db.WaitForAsync(cs, "SELECT count(*) FROM peer_events", lines.Count, TimeSpan.FromSeconds(60));
            var seconds = sw.Elapsed.TotalSeconds;
            var usage = cpu.Read([], daemon.Id).Since(start, rsyslog: true);
            var unparsed = await Db.LongAsync(cs, "SELECT count(*) FROM peer_events WHERE kind = 'unparsed'");
            // The rulebase really split the lines: a commands.log line is a 'command' row with its command field.
            var commandRows = await Db.LongAsync(cs, "SELECT count(*) FROM peer_events WHERE kind = 'command' AND command <> '' AND user_name <> ''");
            var rss = ReadKb(daemon.Id, "VmHWM") / 1024.0;
            return new Result(rows, seconds, unparsed, commandRows, rss, usage);
        }
        finally
        {
            if (daemon is { HasExited: false })
            {
                daemon.Kill();
                await daemon.WaitForExitAsync();
            }

            daemon?.Dispose();
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
            if (!o.Keep) await Db.DropAsync(o.Server, db);
        }
    }

    private static long ReadKb(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal)) return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        }

        return 0;
    }
}
