using System.Globalization;
using Audit.Tests.Support;

namespace Audit.Tests.RealMachine;

/// <summary>
/// A unique throwaway user (useradd, so its creation is itself an event) with a password, an SSH key,
/// sudo rights from a sudoers.d drop-in, and the deploy kit's bash snippet active in its sessions
/// (a profile.d drop-in that sources deploy/bash/audit-prompt.sh only when the login uid is this
/// user's, also in a root shell after sudo -i). All of it is undone through the journal.
/// </summary>
public sealed class TestAccount
{
    public const string Prefix = "auditrm";

    private TestAccount(string id)
    {
        Name = Prefix + id;
        Group = Name + "g";
        Password = "Rm-" + Guid.NewGuid().ToString("N")[..16];
    }

    public string Name { get; }

    /// <summary>An extra group for membership changes.</summary>
    public string Group { get; }

    public string Password { get; }

    public long Uid { get; private set; }

    public long Gid { get; private set; }

    public string Home => "/home/" + Name;

    public string SudoersFile => "/etc/sudoers.d/zz-audit-realmachine-" + Name;

    public string ProfileFile => $"/etc/profile.d/zz-audit-realmachine-{Name}.sh";

    /// <summary>The public key's fingerprint as sshd logs it (SHA256:…).</summary>
    public string KeyFingerprint { get; private set; } = "";

    public string PrivateKey { get; private set; } = "";

    public string UnauthorisedKey { get; private set; } = "";

    /// <summary>Commands this user may run with sudo without a password (as root or nobody); whoami needs the password.</summary>
    public static readonly string[] NoPasswordCommands = ["/usr/bin/true", "/usr/bin/id", "/usr/bin/bash", "/bin/bash"];

    public static TestAccount NewName(string id) => new(id);

    public async Task CreateAsync(UndoJournal journal, string workDir)
    {
        journal.Add(new UndoStep(UndoKind.Run, [MachinePrograms.Groupdel, Group]));
        journal.Add(new UndoStep(UndoKind.Run, [MachinePrograms.Groupdel, Name]));
        journal.Add(new UndoStep(UndoKind.Run, [MachinePrograms.Userdel, "--force", "--remove", Name]));
        journal.Add(new UndoStep(UndoKind.DeleteFile, Marker: "/run/sudo/ts/" + Name));
        await HostCommand.RunAsync(MachinePrograms.Useradd, ["--create-home", "--shell", "/bin/bash", "--comment", "Audit real-machine test", Name]);
        Uid = long.Parse((await HostCommand.RunAsync("id", ["-u", Name])).Trim(), CultureInfo.InvariantCulture);
        Gid = long.Parse((await HostCommand.RunAsync("id", ["-g", Name])).Trim(), CultureInfo.InvariantCulture);
        await HostCommand.RunAsync(MachinePrograms.Chpasswd, [], $"{Name}:{Password}\n");

        var keys = Path.Combine(workDir, "keys");
        Directory.CreateDirectory(keys);
        HostCommand.Chmod(keys, "700");
        PrivateKey = Path.Combine(keys, "user_ed25519");
        UnauthorisedKey = Path.Combine(keys, "other_ed25519");
        await HostCommand.RunAsync(MachinePrograms.SshKeygen, ["-q", "-t", "ed25519", "-N", "", "-C", Name, "-f", PrivateKey]);
        await HostCommand.RunAsync(MachinePrograms.SshKeygen, ["-q", "-t", "ed25519", "-N", "", "-C", "not-authorised", "-f", UnauthorisedKey]);
        KeyFingerprint = (await HostCommand.RunAsync(MachinePrograms.SshKeygen, ["-l", "-E", "sha256", "-f", PrivateKey + ".pub"])).Split(' ')[1];
        var sshDir = Path.Combine(Home, ".ssh");
        Directory.CreateDirectory(sshDir);
        File.Copy(PrivateKey + ".pub", Path.Combine(sshDir, "authorized_keys"));
        await HostCommand.RunAsync("chown", ["-R", $"{Name}:{Name}", sshDir]);
        await HostCommand.RunAsync("chmod", ["700", sshDir]);
        await HostCommand.RunAsync("chmod", ["600", Path.Combine(sshDir, "authorized_keys")]);

        // The snippet from the checkout, copied where the user can read it (a checkout under /root is not).
        var snippet = Path.Combine(workDir, "audit-prompt.sh");
        File.Copy(RepoPaths.Deploy("bash", "audit-prompt.sh"), snippet);
        HostCommand.Chmod(snippet, "644");
        journal.Add(new UndoStep(UndoKind.DeleteFile, Marker: ProfileFile));
        File.WriteAllText(ProfileFile, $"""
            # Audit real-machine test: the deploy kit's command logging, for {Name}'s sessions only.
            read -r __audit_rm_uid 2>/dev/null </proc/self/loginuid # no newline there: read returns 1 but sets it
            if [ "$__audit_rm_uid" = "{Uid}" ]; then
              . '{snippet}'
            fi
            unset __audit_rm_uid

            """);

        var sudoers = $"""
            {Name} ALL=(root,nobody) NOPASSWD: {string.Join(", ", NoPasswordCommands)}
            {Name} ALL=(root) PASSWD: /usr/bin/whoami

            """;
        var draft = Path.Combine(workDir, "sudoers-draft");
        File.WriteAllText(draft, sudoers);
        await HostCommand.RunAsync(MachinePrograms.Visudo, ["-c", "-q", "-f", draft]);
        journal.Add(new UndoStep(UndoKind.DeleteFile, Marker: SudoersFile));
        File.WriteAllText(SudoersFile, sudoers);
        HostCommand.Chmod(SudoersFile, "440");
    }
}
