using Audit.Tests.Support;

namespace Audit.Tests.RealMachine;

/// <summary>
/// The real programs the real-machine suite drives. A missing one fails the suite (never skips it)
/// with the fix: scripts/install-deps.sh installs them.
/// </summary>
public static class MachinePrograms
{
    public static string Sshd => RepoPaths.Require("/usr/sbin/sshd");

    public static string Ssh => RepoPaths.Require("/usr/bin/ssh");

    public static string SshKeygen => RepoPaths.Require("/usr/bin/ssh-keygen");

    public static string Sshpass => RepoPaths.Require("/usr/bin/sshpass");

    public static string Sudo => RepoPaths.Require("/usr/bin/sudo");

    public static string Visudo => RepoPaths.Require("/usr/sbin/visudo");

    public static string Auditd => RepoPaths.Require("/usr/sbin/auditd");

    public static string Auditctl => RepoPaths.Require("/usr/sbin/auditctl");

    public static string Rsyslogd => RepoPaths.Rsyslogd;

    public static string Useradd => RepoPaths.Require("/usr/sbin/useradd");

    public static string Usermod => RepoPaths.Require("/usr/sbin/usermod");

    public static string Userdel => RepoPaths.Require("/usr/sbin/userdel");

    public static string Groupadd => RepoPaths.Require("/usr/sbin/groupadd");

    public static string Groupdel => RepoPaths.Require("/usr/sbin/groupdel");

    public static string Gpasswd => RepoPaths.Require("/usr/bin/gpasswd");

    public static string Chpasswd => RepoPaths.Require("/usr/sbin/chpasswd");

    public static string Passwd => RepoPaths.Require("/usr/bin/passwd");

    public static string Logger => RepoPaths.Require("/usr/bin/logger");

    /// <summary>Checks them all at once, so that a machine without them fails with one clear message.</summary>
    public static void RequireAll()
    {
        _ = new[] { Sshd, Ssh, SshKeygen, Sshpass, Sudo, Visudo, Auditd, Auditctl, Rsyslogd, Useradd, Usermod, Userdel, Groupadd, Groupdel, Gpasswd, Chpasswd, Passwd, Logger };
        if (Environment.UserName != "root") throw new InvalidOperationException("the real-machine suite runs as root (it starts sshd and auditd, adds a user)");
    }
}
