using System.Globalization;
using System.Text;
using Audit.Bench.Ingest;

namespace Audit.Bench.Pipeline;

/// <summary>One generated line as a host writes it: host, file and the line itself.</summary>
public readonly record struct LogLine(string Host, string Path, string Line)
{
    public bool IsCommand => Path == "/var/log/commands.log";
}

/// <summary>A request body ready to send: its bytes, its lines, and the query string text/plain needs.</summary>
public sealed record Body(byte[] Bytes, int Lines, string ContentType, string Query);

/// <summary>
/// The benchmark's lines, from the ingest benchmark's <see cref="LineFactory"/> with a fixed seed: commands.log
/// lines in the deploy kit's format (<c>login: user [pid]: command [status]</c>, deploy/bash/audit-prompt.sh) and
/// auth.log lines (sshd logins and failures, sudo, pam sessions) with RFC 3339 syslog headers, as rsyslog writes them.
/// </summary>
public static class Workload
{
    public static List<LogLine> Lines(int seed, int count, DateTimeOffset now)
    {
        var factory = new LineFactory(seed);
        var lines = new List<LogLine>(count);
        for (var i = 0; i < count; i++)
        {
            var (host, path, line) = factory.Next(now);
            lines.Add(new LogLine(host, path, line));
        }

        return lines;
    }

    /// <summary>
    /// Filebeat-shaped NDJSON batches of <paramref name="batchSize"/> lines, in order, each line with its file's
    /// byte offset (per host and path, as Filebeat's log.offset), so the dedup path runs as in production.
    /// </summary>
    public static List<Body> Ndjson(IReadOnlyList<LogLine> lines, int batchSize, DateTimeOffset now, Dictionary<(string, string), long>? offsets = null)
    {
        offsets ??= [];
        var stamp = now.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        var bodies = new List<Body>();
        for (var start = 0; start < lines.Count; start += batchSize)
        {
            var n = Math.Min(batchSize, lines.Count - start);
            var sb = new StringBuilder(n * 420);
            for (var i = start; i < start + n; i++)
            {
                var (host, path, line) = lines[i];
                var off = offsets.GetValueOrDefault((host, path));
                offsets[(host, path)] = off + Encoding.UTF8.GetByteCount(line) + 1;
                sb.Append("{\"@timestamp\":\"").Append(stamp).Append("\",\"message\":\"").Append(line)
                  .Append("\",\"host\":{\"name\":\"").Append(host).Append("\"},\"log\":{\"offset\":").Append(off)
                  .Append(",\"file\":{\"path\":\"").Append(path).Append("\"}},\"input\":{\"type\":\"filestream\"},\"agent\":{\"type\":\"filebeat\",\"version\":\"8.15.0\"},\"ecs\":{\"version\":\"8.0.0\"}}\n");
            }

            bodies.Add(new Body(Encoding.UTF8.GetBytes(sb.ToString()), n, "application/x-ndjson", ""));
        }

        return bodies;
    }

    /// <summary>
    /// The same lines as a fleet of per-host shippers sends them (one Filebeat on each host): each batch holds one
    /// host's lines, in that host's order, and the hosts' batches interleave round-robin. <see cref="Ndjson"/>'s
    /// batches instead mix every host, as a relay forwarding the whole fleet does.
    /// </summary>
    public static List<Body> NdjsonPerHost(IReadOnlyList<LogLine> lines, int batchSize, DateTimeOffset now)
    {
        var offsets = new Dictionary<(string, string), long>();
        var perHost = lines.GroupBy(l => l.Host).Select(g => g.Chunk(batchSize).Select(c => Ndjson(c, batchSize, now, offsets)[0]).ToList()).ToList();
        var total = perHost.Sum(h => h.Count);
        var bodies = new List<Body>(total);
        for (var round = 0; bodies.Count < total; round++)
        {
            bodies.AddRange(perHost.Where(h => round < h.Count).Select(h => h[round]));
        }

        return bodies;
    }

    /// <summary>
    /// text/plain batches (one raw line a line, <c>?host=&amp;source=</c>), one file per batch as a shipper of plain
    /// lines sends them: the lines grouped by path, then cut into batches. Returns the rows a plain COPY writes too.
    /// </summary>
    public static List<(Body Body, List<LogLine> Rows)> Text(IReadOnlyList<LogLine> lines, int batchSize)
    {
        var result = new List<(Body, List<LogLine>)>();
        var i = 0;
        foreach (var group in lines.GroupBy(l => l.Path))
        {
            foreach (var chunk in group.Chunk(batchSize))
            {
                var host = $"host-{i++ % 200:D3}";
                var rows = chunk.Select(l => l with { Host = host }).ToList();
                var bytes = Encoding.UTF8.GetBytes(string.Concat(rows.Select(r => r.Line + "\n")));
                result.Add((new Body(bytes, rows.Count, "text/plain", $"?host={host}&source={Uri.EscapeDataString(group.Key)}"), rows));
            }
        }

        return result;
    }
}
