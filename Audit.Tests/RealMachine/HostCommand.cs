using System.Diagnostics;
using System.Text;

namespace Audit.Tests.RealMachine;

/// <summary>Runs a program of this machine to completion (bounded), optionally feeding it standard input.</summary>
public static class HostCommand
{
    public static async Task<(int ExitCode, string Output)> TryRunAsync(string program, IEnumerable<string> args, string? input = null, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + program);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null) await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', info.ArgumentList)} did not finish in time");
        }

        var output = new StringBuilder().Append(await stdout).Append(await stderr).ToString();
        return (process.ExitCode, output);
    }

    /// <summary>chmod(1): the suite runs on Linux only, and this keeps the platform analyzer quiet.</summary>
    public static void Chmod(string path, string octalMode)
    {
        using var chmod = Process.Start("chmod", [octalMode, path]);
        chmod.WaitForExit();
        if (chmod.ExitCode != 0) throw new InvalidOperationException($"chmod {octalMode} {path} failed");
    }

    /// <summary>Runs and fails loudly (with the output) unless the program exits 0.</summary>
    public static async Task<string> RunAsync(string program, IEnumerable<string> args, string? input = null, TimeSpan? timeout = null)
    {
        var list = args.ToList();
        var (code, output) = await TryRunAsync(program, list, input, timeout);
        if (code != 0) throw new InvalidOperationException($"{program} {string.Join(' ', list)} exited {code}:\n{output}");
        return output;
    }
}
