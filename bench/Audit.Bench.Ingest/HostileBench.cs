using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Audit.Bench.Ingest;

/// <summary>
/// <c>--hostile</c>: the API's memory under what one ingest key can send (issue 10): rounds of four concurrent
/// small gzip bodies that expand to 30 MB each (a line of NULs as text, as a /_bulk document and as a JSON
/// message of <c>\u0000</c> escapes; 100k short lines), plus a 256 MB gzip bomb, while another host keeps sending
/// good lines. Reports each round's statuses and time, the API's peak RSS (VmHWM) and its RSS after.
/// </summary>
public static class HostileBench
{
    private const int Size = 30_000_000;

    public static async Task RunAsync(string dll, string cs, string key, int port)
    {
        Console.WriteLine($"# hostile ingest: 4 concurrent bodies per round, each {Size / 1e6:F0} MB after gunzip");
        var rounds = new (string Name, string Path, string Type, byte[] Gzip)[]
        {
            ("text/plain, one line of NULs", "/api/v1/ingest?host=intruder&source=/var/log/auth.log", "text/plain", Gzip(new byte[Size])),
            ("/_bulk, a document of NULs", "/_bulk", "application/x-ndjson", Gzip([.. "{\"create\":{}}\n"u8, .. new byte[Size], (byte)'\n'])),
            ("NDJSON, a message of \\u0000 escapes", "/api/v1/ingest", "application/x-ndjson", Gzip(Encoding.ASCII.GetBytes("{\"host\":\"intruder\",\"message\":\"" + string.Concat(Enumerable.Repeat("\\u0000", Size / 6)) + "\"}\n"))),
            ("text/plain, 100k lines of 300 bytes", "/api/v1/ingest?host=intruder&source=/var/log/auth.log", "text/plain", Gzip(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(new string('x', 299) + "\n", 100_000))))),
            ("gzip bomb, 256 MB of zeros", "/api/v1/ingest?host=intruder", "text/plain", Gzip(new byte[256 * 1024 * 1024])),
        };

        await using var api = await ApiProcess.StartAsync(dll, cs, key, port, parseServer: false);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri(api.Url), Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        Console.WriteLine($"API RSS at start: {api.RssMiB():F0} MiB");

        using var stop = new CancellationTokenSource();
        var good = SendGoodLinesAsync(http, stop.Token);
        Console.WriteLine("| round | gzip body | statuses | time | API RSS after |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var (name, path, type, gzip) in rounds)
        {
            var sw = Stopwatch.StartNew();
            var statuses = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
            {
                var content = new ByteArrayContent(gzip);
                content.Headers.ContentType = new MediaTypeHeaderValue(type);
                content.Headers.ContentEncoding.Add("gzip");
                using var r = await http.PostAsync(path, content);
                return (int)r.StatusCode;
            }));
            Console.WriteLine($"| {name} | {gzip.Length / 1024.0:N0} KiB | {string.Join(" ", statuses)} | {sw.Elapsed.TotalSeconds:F1} s | {api.RssMiB():F0} MiB |");
        }

        await stop.CancelAsync();
        var (sent, accepted) = await good;
        var stored = await BenchDatabase.ScalarAsync(cs, "SELECT count(*) FROM raw_lines WHERE host = 'bystander'");
        Console.WriteLine($"another host meanwhile: {sent} requests, {accepted} accepted, {stored} lines stored");
        Console.WriteLine($"API peak RSS (VmHWM) {api.PeakRssMiB():F0} MiB (target ≤ 512 MiB); RSS now {api.RssMiB():F0} MiB; health {(int)(await http.GetAsync("/health")).StatusCode}");
    }

    private static async Task<(int Sent, int Accepted)> SendGoodLinesAsync(HttpClient http, CancellationToken ct)
    {
        var (sent, accepted) = (0, 0);
        while (!ct.IsCancellationRequested)
        {
            sent++;
            var line = $"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.ffffffzzz} bystander sshd[{sent}]: Accepted publickey for alice from 10.0.0.1 port {sent} ssh2\n";
            try
            {
                using var r = await http.PostAsync("/api/v1/ingest?host=bystander&source=/var/log/auth.log", new StringContent(line, Encoding.UTF8, "text/plain"), CancellationToken.None);
                if (r.StatusCode == HttpStatusCode.Accepted) accepted++;
            }
            catch (HttpRequestException)
            {
                // counted as sent, not accepted
            }

            try { await Task.Delay(200, ct); } catch (OperationCanceledException) { break; }
        }

        return (sent, accepted);
    }

    private static byte[] Gzip(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.SmallestSize)) gz.Write(data);
        return ms.ToArray();
    }
}
