namespace Audit.Tests.Ui;

/// <summary>
/// One SSH login on one host, as sshd, pam_unix, sudo, auditd and the bash PROMPT_COMMAND hook log it:
/// carol logs in with a key from 198.51.100.23, runs git, uses sudo, becomes root with <c>sudo -i</c> and
/// reads /etc/shadow; later a failed password attempt comes from elsewhere.
/// </summary>
public sealed class Investigation(string host, DateTimeOffset start)
{
    public const string User = "carol";
    public const string SourceIp = "198.51.100.23";

    public string Host { get; } = host;

    public DateTimeOffset Start { get; } = new(start.Ticks - (start.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    public IEnumerable<string> AuthLog =>
    [
        Syslog(0, "sshd[5100]: Accepted publickey for carol from 198.51.100.23 port 50522 ssh2: ED25519 SHA256:Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5"),
        Syslog(0, "sshd[5100]: pam_unix(sshd:session): session opened for user carol(uid=1002) by (uid=0)"),
        Syslog(30, "sudo:    carol : TTY=pts/1 ; PWD=/home/carol ; USER=root ; COMMAND=/usr/bin/systemctl status nginx"),
        Syslog(40, "sudo:    carol : TTY=pts/1 ; PWD=/home/carol ; USER=root ; COMMAND=/bin/bash"),
        Syslog(400, "sshd[5100]: Disconnected from user carol 198.51.100.23 port 50522"),
        Syslog(400, "sshd[5100]: pam_unix(sshd:session): session closed for user carol"),
        Syslog(500, "sshd[5300]: Failed password for invalid user admin from 203.0.113.77 port 40404 ssh2"),
    ];

    public IEnumerable<string> AuditLog =>
    [
        Audit(0, 900, "LOGIN pid=5100 uid=0 subj=unconfined old-auid=4294967295 auid=1002 tty=(none) old-ses=4294967295 ses=31 res=1"),
        Exec(1, 901, 5200, 5100, 1002, "/usr/bin/bash", "-bash"),
        Exec(20, 902, 5210, 5200, 1002, "/usr/bin/git", "git", "log", "-1"),
        Audit(30, 903, "USER_CMD pid=5220 uid=1002 auid=1002 ses=31 subj=unconfined msg='cwd=\"/home/carol\" cmd=2F7573722F62696E2F73797374656D63746C20737461747573206E67696E78 exe=\"/usr/bin/sudo\" terminal=pts/1 res=success'"),
        Exec(30, 910, 5220, 5200, 1002, "/usr/bin/sudo", "sudo", "systemctl", "status", "nginx"),
        Exec(31, 904, 5221, 5220, 0, "/usr/bin/systemctl", "/usr/bin/systemctl", "status", "nginx"),
        Exec(40, 911, 5230, 5200, 1002, "/usr/bin/sudo", "sudo", "-i"),
        Exec(41, 905, 5231, 5230, 0, "/usr/bin/bash", "-bash"),
        Exec(60, 906, 5240, 5231, 0, "/usr/bin/cat", "cat", "/etc/shadow"),
    ];

    public IEnumerable<string> CommandsLog =>
    [
        Syslog(21, "carol: carol [5200]: git log -1 [0]"),
        Syslog(32, "carol: carol [5200]: sudo systemctl status nginx [0]"),
        Syslog(42, "carol: carol [5200]: sudo -i [0]"),
        Syslog(61, "carol: root [5231]: cat /etc/shadow [0]"),
    ];

    private string Syslog(int s, string rest) => $"{Start.AddSeconds(s):O} {Host} {rest}";

    private string Audit(int s, int serial, string rest)
    {
        var ms = Start.AddSeconds(s).ToUnixTimeMilliseconds();
        return $"type={rest.Split(' ')[0]} msg=audit({ms / 1000}.{ms % 1000:D3}:{serial}): {rest[(rest.IndexOf(' ') + 1)..]}";
    }

    private string Exec(int s, int serial, int pid, int ppid, int uid, string exe, params string[] argv) => string.Join('\n',
        Audit(s, serial, $"SYSCALL arch=c000003e syscall=59 success=yes exit=0 a0=1 a1=2 a2=3 a3=0 items=1 ppid={ppid} pid={pid} auid=1002 uid={uid} gid={uid} euid={uid} suid={uid} fsuid={uid} egid={uid} sgid={uid} fsgid={uid} tty=pts1 ses=31 comm=\"{Path.GetFileName(exe)}\" exe=\"{exe}\" key=\"exec\""),
        Audit(s, serial, $"EXECVE argc={argv.Length} " + string.Join(' ', argv.Select((a, i) => $"a{i}=\"{a}\""))),
        Audit(s, serial, "CWD cwd=\"/home/carol\""),
        Audit(s, serial, $"PATH item=0 name=\"{exe}\" inode=9 dev=fe:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL"),
        Audit(s, serial, "EOE "));
}
