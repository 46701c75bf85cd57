using System.Globalization;
using System.Text.RegularExpressions;

namespace Audit.Tests.RealMachine;

/// <summary>
/// What happens on the machine, for real: private rsyslogd (owning /dev/log), auditd with the deploy
/// kit's rules, and sshd; a new user; failed logins; an interactive SSH session with the deploy kit's
/// bash snippet, sudo (allowed, as another user, wrong password, not allowed), su (failed, succeeded),
/// sudo -i and commands as root; account changes; the user deleted. Every change to the machine is
/// journalled and undone before this returns, whatever happened.
/// </summary>
public static partial class MachineScenario
{
    public static async Task<MachineRecording> RecordAsync(string workDir)
    {
        MachinePrograms.RequireAll();
        using var machineLock = await MachineLock.AcquireAsync(TimeSpan.FromMinutes(5));
        var leftovers = new UndoJournal();
        await leftovers.UndoAllAsync(); // a run that died before undoing its changes

        var id = Guid.NewGuid().ToString("N")[..6];
        var journal = new UndoJournal();
        var rsyslog = new PrivateRsyslog(Private(workDir, "rsyslog"), "auditrm-" + id);
        var auditd = new PrivateAuditd(Private(workDir, "auditd"));
        var sshd = new PrivateSshd(Private(workDir, "sshd"));
        var account = TestAccount.NewName(id);
        ScenarioFacts? facts = null;
        try
        {
            // What the programs leave in /run on their own: pam_motd's motd at login, sudo's timestamp folder.
            if (!File.Exists("/run/motd.dynamic")) journal.Add(new UndoStep(UndoKind.DeleteFile, Marker: "/run/motd.dynamic"));
            if (!Directory.Exists("/run/sudo"))
            {
                journal.Add(new UndoStep(UndoKind.Run, ["rmdir", "/run/sudo"]));
                journal.Add(new UndoStep(UndoKind.Run, ["rmdir", "/run/sudo/ts"]));
            }

            await rsyslog.StartAsync(journal);
            await auditd.StartAsync(journal);
            await sshd.StartAsync(journal, rsyslog.AuthLog);
            facts = new ScenarioFacts { Id = id, Host = rsyslog.HostName, Account = account, InvalidUser = "nosuch" + id, SshdPort = sshd.Port, Started = DateTimeOffset.UtcNow, AuditdRan = true };

            await account.CreateAsync(journal, workDir);
            await FailedLoginsAsync(sshd, facts, workDir);
            await SessionAsync(sshd, facts, id, journal);
            await AccountChangesAsync(account);

            await PrivateRsyslog.WaitForAsync(rsyslog.AuthLog, l => l.Contains($"group '{account.Group}' removed", StringComparison.Ordinal), "groupdel's last line");
            await PrivateRsyslog.WaitForAsync(rsyslog.CommandsLog, l => l.Contains($"echo bye-{id}", StringComparison.Ordinal), "the last typed command");
            facts.Finished = DateTimeOffset.UtcNow;
            await auditd.StopAsync();
            await sshd.StopAsync();
            await rsyslog.StopAsync();
            return new MachineRecording(facts, rsyslog.AuthLog, rsyslog.CommandsLog, auditd.AuditLog);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException)
        {
            throw new InvalidOperationException(
                $"{e.Message}\n--- terminal:\n{facts?.Transcript}\n--- rsyslogd:\n{rsyslog.Output}\n--- sshd:\n{sshd.Output}\n--- auditd:\n{auditd.Output}", e);
        }
        finally
        {
            await auditd.StopAsync();
            await sshd.StopAsync();
            await rsyslog.StopAsync();
            await journal.UndoAllAsync();
        }
    }

    private static string Private(string workDir, string name)
    {
        var dir = Path.Combine(workDir, name);
        Directory.CreateDirectory(dir);
        HostCommand.Chmod(dir, "700");
        return dir;
    }

    /// <summary>
    /// A wrong password, an unknown user, a key that is not authorised, then one connection that offers
    /// the unauthorised key and then two wrong passwords. sshd at LogLevel INFO (Debian's default) logs
    /// no line for a refused key (its "Failed publickey" is VERBOSE), so the key-only connection ends
    /// before any logged attempt and the mixed one has two attempts.
    /// </summary>
    private static async Task FailedLoginsAsync(PrivateSshd sshd, ScenarioFacts facts, string workDir)
    {
        var account = facts.Account;
        string[] password = [.. sshd.ClientOptions(), "-o", "PreferredAuthentications=password", "-o", "PubkeyAuthentication=no", "-o", "NumberOfPasswordPrompts=1"];
        var (wrong, wrongOut) = await HostCommand.TryRunAsync(MachinePrograms.Sshpass, ["-p", "not-" + account.Password, MachinePrograms.Ssh, .. password, $"{account.Name}@127.0.0.1", "true"]);
        if (wrong == 0) throw new InvalidOperationException("a wrong password logged in:\n" + wrongOut);
        var (invalid, invalidOut) = await HostCommand.TryRunAsync(MachinePrograms.Sshpass, ["-p", account.Password, MachinePrograms.Ssh, .. password, $"{facts.InvalidUser}@127.0.0.1", "true"]);
        if (invalid == 0) throw new InvalidOperationException("an unknown user logged in:\n" + invalidOut);
        var (key, keyOut) = await HostCommand.TryRunAsync(MachinePrograms.Ssh,
            [.. sshd.ClientOptions(), "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-i", account.UnauthorisedKey, $"{account.Name}@127.0.0.1", "true"]);
        if (key == 0) throw new InvalidOperationException("a key that is not authorised logged in:\n" + keyOut);
        // sshpass answers one prompt only; ssh's askpass (forced) answers every prompt, wrongly.
        var askpass = Path.Combine(Private(workDir, "askpass"), "wrong-password");
        await File.WriteAllTextAsync(askpass, "#!/bin/sh\necho wrong-password-for-sure\n");
        HostCommand.Chmod(askpass, "700");
        var (mixed, mixedOut) = await HostCommand.TryRunAsync("/usr/bin/env", [$"SSH_ASKPASS={askpass}", "SSH_ASKPASS_REQUIRE=force", MachinePrograms.Ssh, .. sshd.ClientOptions(),
            "-o", "PreferredAuthentications=publickey,password", "-o", "IdentitiesOnly=yes", "-i", account.UnauthorisedKey, "-o", "NumberOfPasswordPrompts=2",
            $"{account.Name}@127.0.0.1", "true"]);
        if (mixed == 0) throw new InvalidOperationException("a refused key and wrong passwords logged in:\n" + mixedOut);
    }

    private static async Task SessionAsync(PrivateSshd sshd, ScenarioFacts facts, string id, UndoJournal journal)
    {
        var account = facts.Account;
        await using var pty = PtySession.Start(
            [.. sshd.ClientOptions(), "-tt", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-i", account.PrivateKey, $"{account.Name}@127.0.0.1"], journal, account.PrivateKey);
        try
        {
            var user = PtySession.UserPrompt;
            await pty.ExpectAsync(user);
            var whereAmI = await Typed(pty, facts, "echo \"client=$SSH_CLIENT pid=$$ tty=$(tty)\"", 0, user);
            var where = WhereRegex().Match(whereAmI);
            if (!where.Success) throw new InvalidOperationException("no $SSH_CLIENT/$$/tty in: " + whereAmI);
            facts.SessionClientPort = int.Parse(where.Groups["port"].Value, CultureInfo.InvariantCulture);
            facts.ShellPid = int.Parse(where.Groups["pid"].Value, CultureInfo.InvariantCulture);
            facts.Tty = where.Groups["tty"].Value;

            await Typed(pty, facts, $"echo hello-{id}", 0, user);
            await Typed(pty, facts, "ls -la /tmp > /dev/null", 0, user);
            await Typed(pty, facts, "false", 1, user);
            await Typed(pty, facts, "cd /etc && pwd", 0, user);
            // A process tree a few levels deep: login shell → bash -c → sh -c → id (the trailing "true"s keep each shell from exec'ing its last command).
            await Typed(pty, facts, "bash -c 'sh -c \"id -u > /dev/null; true\"; true'", 0, user);
            await Typed(pty, facts, "sudo -n true", 0, user);
            await Typed(pty, facts, "sudo -n -u nobody /usr/bin/id", 0, user);
            await Typed(pty, facts, $"echo wrong-{id} | sudo -S -p '' /usr/bin/whoami", 1, user);

            // Authenticated, then refused: the command is not in the user's sudoers rules.
            await Typed(pty, facts, "sudo -p 'SUDO-PASSWORD: ' /usr/bin/cat /etc/shadow", 1, PtySession.PasswordPrompt);
            await pty.TypeAsync(account.Password, user);

            await Typed(pty, facts, "su -c true nobody", 1, PtySession.PasswordPrompt);
            await pty.TypeAsync("not-" + account.Password, user);
            await Typed(pty, facts, $"su -c true {account.Name}", 0, PtySession.PasswordPrompt);
            await pty.TypeAsync(account.Password, user);

            await pty.TypeAsync("sudo -i", PtySession.RootPrompt);
            var root = await Typed(pty, facts, "echo \"root-pid=$$\"", 0, PtySession.RootPrompt, asRoot: true);
            facts.RootShellPid = int.Parse(RootPidRegex().Match(root).Groups[1].Value, CultureInfo.InvariantCulture);
            await Typed(pty, facts, "id -un", 0, PtySession.RootPrompt, asRoot: true);
            await Typed(pty, facts, "cat /etc/debian_version", 0, PtySession.RootPrompt, asRoot: true);
            await Typed(pty, facts, $"echo root-was-here-{id} > /dev/null", 0, PtySession.RootPrompt, asRoot: true);
            // The person administers an account as root: auth.log says what, auditd (auid) says who.
            journal.Add(new UndoStep(UndoKind.Run, [MachinePrograms.Userdel, facts.AdministeredAccount]));
            await Typed(pty, facts, $"useradd -M -s /usr/sbin/nologin {facts.AdministeredAccount}", 0, PtySession.RootPrompt, asRoot: true);
            await Typed(pty, facts, $"userdel {facts.AdministeredAccount}", 0, PtySession.RootPrompt, asRoot: true);
            await pty.TypeAsync("exit", user);
            facts.Typed.Add(new TypedCommand("sudo -i", 0, AsRoot: false)); // logged when the root shell ends

            await Typed(pty, facts, $"echo bye-{id}", 0, user);
            var code = await pty.LogoutAsync();
            if (code != 0) throw new InvalidOperationException($"ssh ended with {code}");
        }
        finally
        {
            facts.Transcript = pty.Transcript;
        }
    }

    private static async Task<string> Typed(PtySession pty, ScenarioFacts facts, string command, int exitCode, Regex then, bool asRoot = false)
    {
        facts.Typed.Add(new TypedCommand(command, exitCode, asRoot));
        return await pty.TypeAsync(command, then);
    }

    /// <summary>Root changes the account: a group, membership both ways, shell, password, lock; then deletes it all.</summary>
    private static async Task AccountChangesAsync(TestAccount account)
    {
        await HostCommand.RunAsync(MachinePrograms.Groupadd, [account.Group]);
        await HostCommand.RunAsync(MachinePrograms.Usermod, ["-aG", account.Group, account.Name]);
        await HostCommand.RunAsync(MachinePrograms.Gpasswd, ["-d", account.Name, account.Group]);
        await HostCommand.RunAsync(MachinePrograms.Gpasswd, ["-a", account.Name, account.Group]);
        await HostCommand.RunAsync(MachinePrograms.Usermod, ["-s", "/bin/sh", account.Name]);
        await HostCommand.RunAsync(MachinePrograms.Chpasswd, [], $"{account.Name}:{account.Password}-2\n");
        await HostCommand.RunAsync(MachinePrograms.Passwd, ["-l", account.Name]);

        // The session's processes may take a moment to go; userdel refuses (8) while they are there.
        for (var attempt = 0; ; attempt++)
        {
            var (code, output) = await HostCommand.TryRunAsync(MachinePrograms.Userdel, ["--remove", account.Name]);
            if (code == 0) break;
            if (code != 8 || attempt > 50) throw new InvalidOperationException($"userdel exited {code}:\n{output}");
            await Task.Delay(200);
        }

        await HostCommand.RunAsync(MachinePrograms.Groupdel, [account.Group]);
    }

    [GeneratedRegex(@"client=127\.0\.0\.1 (?<port>\d+) \d+ pid=(?<pid>\d+) tty=/dev/(?<tty>pts/\d+)", RegexOptions.None, 1000)]
    private static partial Regex WhereRegex();

    [GeneratedRegex(@"root-pid=(\d+)", RegexOptions.None, 1000)]
    private static partial Regex RootPidRegex();
}
