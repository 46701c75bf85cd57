namespace Audit.Domain.Auth;

/// <summary>
/// PAM service names as stored: lower case (<c>CRON</c> → <c>cron</c>), with shared strings for the
/// common ones so a session line does not allocate its service.
/// </summary>
internal static class PamServices
{
    private static readonly string[] Known =
    [
        "sshd", "sudo", "sudo-i", "su", "su-l", "cron", "login", "systemd-user", "passwd", "chpasswd", "chage",
        "polkit-1", "gdm-password", "gdm-autologin", "lightdm", "vsftpd", "proftpd", "dovecot", "other",
    ];

    public static string Get(ReadOnlySpan<char> service)
    {
        if (service.IsEmpty) return "unknown";
        if (service.SequenceEqual("sshd-session") || service.SequenceEqual("sshd-auth")) return "sshd";
        foreach (var known in Known)
        {
            if (service.Equals(known, StringComparison.OrdinalIgnoreCase)) return known;
        }

        return service.ToString().ToLowerInvariant();
    }
}
