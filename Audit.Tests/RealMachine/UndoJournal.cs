using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;

namespace Audit.Tests.RealMachine;

/// <summary>
/// What this suite changed on the machine, written down (on disk) before each change, so that a run
/// that died half-way is undone by the next one, under <see cref="MachineLock"/>. Undone in reverse order.
/// </summary>
public sealed class UndoJournal
{
    public static readonly string JournalPath = Path.Combine(Path.GetTempPath(), "audit-realmachine.undo.jsonl");

    private readonly List<string> _problems = [];

    /// <summary>What could not be undone (for the report; the run still fails on its own assertions).</summary>
    public IReadOnlyList<string> Problems => _problems;

    public void Add(UndoStep step)
    {
        File.AppendAllLines(JournalPath, [JsonSerializer.Serialize(step)]);
    }

    /// <summary>Undoes every recorded step, newest first, then forgets them.</summary>
    public async Task UndoAllAsync()
    {
        if (!File.Exists(JournalPath)) return;
        var steps = (await File.ReadAllLinesAsync(JournalPath))
            .Where(l => l.Length > 0)
            .Select(l => JsonSerializer.Deserialize<UndoStep>(l)!)
            .Reverse()
            .ToList();
        foreach (var step in steps)
        {
            try
            {
                await UndoAsync(step);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or TimeoutException or UnauthorizedAccessException or SocketException)
            {
                _problems.Add($"{step}: {e.Message}");
            }
        }

        File.Delete(JournalPath);
    }

    private static async Task UndoAsync(UndoStep step)
    {
        switch (step.Kind)
        {
            case UndoKind.Run:
                await HostCommand.TryRunAsync(step.Command![0], step.Command[1..]);
                break;
            case UndoKind.Kill:
                await StopAsync(step.Pid!.Value, step.Marker!);
                break;
            case UndoKind.RestoreDevLog:
                RestoreDevLog(step.Marker);
                break;
            case UndoKind.DeleteFile:
                if (File.Exists(step.Marker)) File.Delete(step.Marker);
                break;
        }
    }

    /// <summary>SIGTERM, then SIGKILL; never a process whose command line is not the one we started (pids are reused).</summary>
    public static async Task StopAsync(int pid, string marker)
    {
        if (!IsOurs(pid, marker)) return;
        using (var p = Process.GetProcessById(pid))
        {
            await HostCommand.TryRunAsync("kill", ["-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            var clock = Stopwatch.StartNew();
            while (IsOurs(pid, marker) && clock.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(100);
            if (IsOurs(pid, marker)) p.Kill(entireProcessTree: true);
        }
    }

    private static bool IsOurs(int pid, string marker)
    {
        try
        {
            var cmdline = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var zombie = stat.Length > stat.LastIndexOf(')') + 2 && stat[stat.LastIndexOf(')') + 2] == 'Z';
            return !zombie && cmdline.Contains(marker, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// Our rsyslogd removes its /dev/log on exit; after a SIGKILL a dead socket stays. A socket that
    /// refuses connections is removed; the one we moved aside at the start goes back.
    /// </summary>
    private static void RestoreDevLog(string? movedTo)
    {
        if (File.Exists("/dev/log") && !Listening("/dev/log")) File.Delete("/dev/log");
        if (movedTo is not null && Path.Exists(movedTo) && !Path.Exists("/dev/log")) File.Move(movedTo, "/dev/log");
    }

    public static bool Listening(string socketPath)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
