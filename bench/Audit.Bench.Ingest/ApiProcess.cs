using System.Diagnostics;

namespace Audit.Bench.Ingest;

/// <summary>The real API (Release build) as a child process, so its memory and CPU are its own.</summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ApiProcess(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }

    public int Pid => _process.Id;

    public static async Task<ApiProcess> StartAsync(string dll, string connectionString, string adminKey, int port, bool parseServer, IDictionary<string, string>? extra = null)
    {
        var url = $"http://127.0.0.1:{port}";
        EnsurePortFree(port);
        var psi = new ProcessStartInfo("dotnet", $"\"{dll}\"")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.Environment["ConnectionStrings__Audit"] = connectionString;
        psi.Environment["ConnectionStrings__AuditOwner"] = connectionString; // the bench's superuser also migrates
        psi.Environment["Auth__AdminKey"] = adminKey;
        psi.Environment["ASPNETCORE_URLS"] = url;
        psi.Environment["Hangfire__ServerEnabled"] = parseServer ? "true" : "false";
        psi.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        psi.Environment["Serilog__MinimumLevel__Override__Serilog.AspNetCore.RequestLoggingMiddleware"] = "Warning";
        psi.Environment["Ingest__MaxBacklogLines"] = "100000000";
        foreach (var (k, v) in extra ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 } d && !d.Contains("HTTP ", StringComparison.Ordinal)) Console.Error.WriteLine("  api| " + d); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } d) Console.Error.WriteLine("  api! " + d); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            // A start-up failure (bad connection string, failed migration) ends the wait at once; its reason is in the api! lines above.
            if (process.HasExited) throw new InvalidOperationException($"API exited with {process.ExitCode} before it was healthy; see its output above");
            try
            {
                if ((await http.GetAsync(url + "/health")).IsSuccessStatusCode) return new ApiProcess(process, url);
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }

        process.Kill(true);
        throw new InvalidOperationException("API did not become healthy in 60 s");
    }

    private static void EnsurePortFree(int port)
    {
        try
        {
            var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
            probe.Start();
            probe.Stop();
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new InvalidOperationException($"port {port} is taken (another benchmark still running?); pass --port", e);
        }
    }

    /// <summary>Peak resident set size so far (VmHWM), in MiB.</summary>
    public double PeakRssMiB() => ReadStatusKb("VmHWM") / 1024.0;

    public double RssMiB() => ReadStatusKb("VmRSS") / 1024.0;

    private long ReadStatusKb(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
