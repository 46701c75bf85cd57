namespace Audit.Domain.Syslog;

/// <summary>
/// Shared strings for the syslog tags auth.log is made of, so the header of an sshd or sudo line
/// does not allocate its program name; any other tag becomes a new string.
/// </summary>
internal static class ProgramNames
{
    private static readonly string[] Known =
    [
        "sshd", "sshd-session", "sshd-auth", "sudo", "su", "CRON", "cron", "crond", "login", "passwd", "chpasswd", "chage",
        "chfn", "chsh", "useradd", "userdel", "usermod", "groupadd", "groupdel", "groupmod", "gpasswd", "newusers",
        "systemd", "systemd-logind", "polkitd", "pkexec", "dbus-daemon", "unix_chkpwd", "kernel", "sshd(pam_unix)", "su(pam_unix)",
    ];

    public static string Get(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty) return string.Empty;
        foreach (var known in Known)
        {
            if (known.Length == name.Length && name.SequenceEqual(known)) return known;
        }

        return name.ToString();
    }
}
