using System.Text;

namespace Audit.Bench.Ingest;

/// <summary>
/// Realistic lines as Filebeat would ship them from a fleet: commands.log (PROMPT_COMMAND) and
/// auth.log (sshd, sudo, pam) lines, ~150–250 bytes each, wrapped in Filebeat-shaped NDJSON with
/// log.offset so the dedup path is exercised.
/// </summary>
public sealed class LineFactory(int seed)
{
    private static readonly string[] Users = Enumerable.Range(0, 2000).Select(i => $"user{i:D4}").ToArray();
    private static readonly string[] Commands =
    [
        "ls -la /var/log", "systemctl status nginx", "sudo -i", "cat /etc/os-release", "git pull --rebase",
        "docker ps -a", "kubectl get pods -n payments", "tail -f /var/log/syslog", "vim /etc/nginx/nginx.conf",
        "journalctl -u sshd --since today", "curl -s http://localhost:9100/metrics | head", "df -h", "top -b -n1",
    ];

    private readonly Random _random = new(seed);

    private static readonly (string Host, string User, int Pid)[] Shells = Enumerable.Range(0, 400)
        .Select(i => ($"host-{i * 7 % 200:D3}", Users[i * 13 % Users.Length], 2000 + (i * 97 % 50000)))
        .ToArray();

    public (string Host, string Path, string Line) Next(DateTimeOffset now)
    {
        var host = $"host-{_random.Next(200):D3}";
        var user = Users[_random.Next(Users.Length)];
        var ts = now.ToString("yyyy-MM-ddTHH:mm:ss.ffffffzzz", System.Globalization.CultureInfo.InvariantCulture);
        var pid = _random.Next(1000, 60000);
        // Typed commands come from the shells open at the moment (a few hundred across the fleet), many
        // commands each; auth lines come from anywhere.
        var (shellHost, shellUser, shell) = Shells[_random.Next(Shells.Length)];
        return _random.Next(10) switch
        {
            < 6 => (shellHost, "/var/log/commands.log", $"{ts} {shellHost} {shellUser}: {shellUser} [{shell}]: {Commands[_random.Next(Commands.Length)]} [{_random.Next(3)}]"),
            6 => (host, "/var/log/auth.log", $"{ts} {host} sshd[{pid}]: Accepted publickey for {user} from 10.{_random.Next(256)}.{_random.Next(256)}.{_random.Next(256)} port {_random.Next(1024, 65535)} ssh2: ED25519 SHA256:Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg"),
            7 => (host, "/var/log/auth.log", $"{ts} {host} sudo: {user} : TTY=pts/{_random.Next(9)} ; PWD=/home/{user} ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx"),
            8 => (host, "/var/log/auth.log", $"{ts} {host} sshd[{pid}]: pam_unix(sshd:session): session opened for user {user}(uid={1000 + _random.Next(2000)}) by (uid=0)"),
            _ => (host, "/var/log/auth.log", $"{ts} {host} sshd[{pid}]: Failed password for invalid user admin from 203.0.113.{_random.Next(256)} port {_random.Next(1024, 65535)} ssh2"),
        };
    }

    /// <summary>One NDJSON body of <paramref name="count"/> Filebeat documents; offsets continue from <paramref name="offset"/>.</summary>
    public byte[] FilebeatBody(int count, ref long offset, DateTimeOffset now, List<(string Host, string Path, string Line, long Offset)>? keep = null)
    {
        var sb = new StringBuilder(count * 420);
        var stamp = now.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < count; i++)
        {
            var (host, path, line) = Next(now);
            var off = offset;
            offset += line.Length + 1;
            sb.Append("{\"@timestamp\":\"").Append(stamp).Append("\",\"message\":\"").Append(line)
              .Append("\",\"host\":{\"name\":\"").Append(host).Append("\"},\"log\":{\"offset\":").Append(off)
              .Append(",\"file\":{\"path\":\"").Append(path).Append("\"}},\"input\":{\"type\":\"filestream\"},\"agent\":{\"type\":\"filebeat\",\"version\":\"8.15.0\"},\"ecs\":{\"version\":\"8.0.0\"}}\n");
            keep?.Add((host, path, line, off));
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
