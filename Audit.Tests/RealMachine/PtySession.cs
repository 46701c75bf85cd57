using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Audit.Tests.RealMachine;

/// <summary>
/// An interactive login driven like a person at a terminal: <c>ssh -tt</c> gives the remote bash a
/// PTY, lines are typed one at a time and each waits for what the terminal shows next (the prompt,
/// a password prompt). Typing ahead would not do: password prompts flush pending input.
/// </summary>
public sealed partial class PtySession : IAsyncDisposable
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly StringBuilder _screen = new();
    private readonly Task _reader;
    private int _consumed;

    private PtySession(Process process)
    {
        _process = process;
        _reader = Task.Run(ReadAsync);
    }

    /// <summary>Everything the terminal showed so far (for failure messages).</summary>
    public string Transcript
    {
        get
        {
            lock (_screen) return _screen.ToString();
        }
    }

    /// <summary>Starts ssh; the journal kills it (by pid, if its command line still holds <paramref name="marker"/>) should the run die.</summary>
    public static PtySession Start(IEnumerable<string> sshArguments, UndoJournal journal, string marker)
    {
        var info = new ProcessStartInfo(MachinePrograms.Ssh)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in sshArguments) info.ArgumentList.Add(a);
        info.Environment["TERM"] = "dumb"; // no colour, title or bracketed-paste sequences around prompts
        var process = Process.Start(info) ?? throw new InvalidOperationException("ssh did not start");
        journal.Add(new UndoStep(UndoKind.Kill, Pid: process.Id, Marker: marker));
        process.StandardInput.AutoFlush = true;
        return new PtySession(process);
    }

    /// <summary>A user's prompt (bash's default ends in "$ "), root's ("# ").</summary>
    public static readonly Regex UserPrompt = UserPromptRegex();

    public static readonly Regex RootPrompt = RootPromptRegex();

    public static readonly Regex PasswordPrompt = PasswordPromptRegex();

    /// <summary>Waits for what the terminal shows next, up to a match at its end; returns the text shown.</summary>
    public async Task<string> ExpectAsync(Regex atEnd, bool afterEcho = false)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StepTimeout)
        {
            lock (_screen)
            {
                var fresh = _screen.ToString(_consumed, _screen.Length - _consumed);
                // After typing, the terminal first echoes the line: only what follows its end counts.
                var start = afterEcho ? fresh.IndexOf('\n', StringComparison.Ordinal) + 1 : 0;
                if ((!afterEcho || start > 0) && atEnd.IsMatch(fresh.AsSpan(start)))
                {
                    _consumed = _screen.Length;
                    return fresh;
                }
            }

            if (_process.HasExited) break;
            await Task.Delay(50);
        }

        throw new TimeoutException($"the terminal never showed /{atEnd}/ (ssh {(_process.HasExited ? "exited " + _process.ExitCode : "still running")}); transcript:\n{Transcript}");
    }

    /// <summary>Types a line (Enter included) and waits for <paramref name="then"/>; returns what the terminal showed.</summary>
    public async Task<string> TypeAsync(string line, Regex then)
    {
        await _process.StandardInput.WriteAsync(line + "\n");
        return await ExpectAsync(then, afterEcho: true);
    }

    /// <summary>Types the last line (logout) and waits for ssh to end.</summary>
    public async Task<int> LogoutAsync()
    {
        await _process.StandardInput.WriteAsync("exit\n");
        using var cts = new CancellationTokenSource(StepTimeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("ssh did not end after logout; transcript:\n" + Transcript);
        }

        await _reader;
        return _process.ExitCode;
    }

    private async Task ReadAsync()
    {
        var decoder = Encoding.UTF8.GetDecoder();
        var bytes = new byte[4096];
        var chars = new char[4097];
        var stdout = _process.StandardOutput.BaseStream;
        var stderr = _process.StandardError.ReadToEndAsync();
        int n;
        while ((n = await stdout.ReadAsync(bytes)) > 0)
        {
            var c = decoder.GetChars(bytes, 0, n, chars, 0);
            lock (_screen) _screen.Append(chars, 0, c).Replace("\r", "");
        }

        var errors = await stderr;
        lock (_screen) _screen.Append(errors);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    [GeneratedRegex(@"\$ $", RegexOptions.None, 1000)]
    private static partial Regex UserPromptRegex();

    [GeneratedRegex(@"# $", RegexOptions.None, 1000)]
    private static partial Regex RootPromptRegex();

    [GeneratedRegex(@"(Password|SUDO-PASSWORD): $", RegexOptions.None, 1000)]
    private static partial Regex PasswordPromptRegex();
}
