using Audit.Domain.Auditd;
using Audit.Domain.Events;

namespace Audit.Tests.RealMachine;

/// <summary>
/// The audit.log auditd wrote with the deploy kit's rules, read by the auditd parser and assembler:
/// the person (auid) behind every program, also as root after sudo -i, the session, the rules' keys,
/// sudo's USER_CMD, the login, and the account files the user tools wrote — straight from the domain
/// code, so that a failure here and not in <see cref="RealExecutionTests"/> (the same over HTTP) points
/// at the store, and the other way round at the parser.
/// </summary>
[Collection(RealMachineCollection.Name)]
public sealed class RealAuditdTests(RealMachineRun run)
{
    private ScenarioFacts Facts => run.Facts;

    private TestAccount Account => Facts.Account;

    private IReadOnlyList<AssembledAuditEvent> Events()
    {
        var records = new List<PendingAuditRecord>();
        var id = 0L;
        foreach (var line in run.Recording.AuditLines)
        {
            Assert.True(AuditRecordParser.TryParse(line, Facts.Host, out var record), "not an audit record: " + line);
            records.Add(new PendingAuditRecord(++id, record, Facts.Finished));
        }

        var result = new AuditEventAssembler().Assemble(records, Facts.Finished.AddHours(1));
        Assert.Empty(result.Pending);
        return result.Events;
    }

    /// <summary>The one event that matches, or a failure that lists what there was (briefly).</summary>
    private static AssembledAuditEvent Only(IEnumerable<AssembledAuditEvent> events, Func<AssembledAuditEvent, bool> match)
    {
        var list = events.ToList();
        var found = list.Where(match).ToList();
        Assert.True(found.Count == 1, $"{found.Count} matching events among:\n" + string.Join("\n", list.Take(200).Select(Brief)));
        return found[0];
    }

    private static string Brief(AssembledAuditEvent e) =>
        $"{e.EventId} {e.Type} auid={e.Auid} uid={e.Uid} euid={e.Euid} ses={e.Session} key={e.Key} exe={e.Exe} argv=[{string.Join(", ", e.Argv ?? [])}] acct={e.Acct} id={e.AccountId} res={e.Result}";

    /// <summary>The session's executions: the login uid is the test user's.</summary>
    private List<AssembledAuditEvent> Executions() => Events().Where(e => e.IsExecution && e.Auid == Account.Uid).ToList();

    [Fact]
    public void Programs_the_user_ran_come_back_with_argv_person_session_and_key()
    {
        var executions = Executions();
        // Debian's ~/.bashrc aliases ls: what ran is not quite what was typed.
        var ls = Only(executions, e => e.Argv is ["ls", "--color=auto", "-la", "/tmp"]);
        Assert.Equal(Account.Name, ls.LoginUser);
        Assert.Equal(Account.Uid, ls.Uid);
        Assert.Equal("exec", ls.Key);
        Assert.Equal("/usr/bin/ls", ls.Exe);
        Assert.Equal(Facts.Tty.Replace("/", "", StringComparison.Ordinal), ls.Tty); // the kernel writes tty=pts0 (sudo and USER_CMD: pts/0)
        Assert.True(ls.Success);
        Assert.NotNull(ls.Session);
        // The whole login is one audit session.
        Assert.All(executions.Where(e => e.Tty == Facts.Tty), e => Assert.Equal(ls.Session, e.Session));
    }

    [Fact]
    public void What_root_ran_after_sudo_i_comes_back_as_the_persons_with_the_root_key()
    {
        var executions = Executions();
        var cat = Only(executions, e => e.Argv is ["cat", "/etc/debian_version"]);
        Assert.Equal(Account.Name, cat.LoginUser);
        Assert.Equal(0, cat.Euid);
        Assert.Equal("root", cat.EffectiveUser);
        Assert.Equal("root_exec", cat.Key);
        Assert.Equal("/root", cat.Cwd);
        var id = Only(executions, e => e.Argv is ["id", "-un"]);
        Assert.Equal(0, id.Uid);
        Assert.Equal(Account.Name, id.LoginUser);
    }

    [Fact]
    public void Sudo_as_nobody_runs_as_nobody_for_the_person()
    {
        var id = Only(Executions(), e => e.Exe == "/usr/bin/id" && e.Argv is ["/usr/bin/id"]);
        Assert.Equal(65534, id.Euid);
        Assert.Equal(Account.Name, id.LoginUser);
        Assert.Equal("exec", id.Key);
    }

    [Fact]
    public void Sudo_use_comes_back_as_user_cmd_with_the_command_and_outcome()
    {
        var sudo = Events().Where(e => e.Type == "USER_CMD" && e.Auid == Account.Uid).ToList();
        Assert.Contains(sudo, e => e.Command == "true" && e.Success == true && e.Sudo is { Outcome: SudoOutcome.Allowed });
        Assert.Contains(sudo, e => e.Command is not null && e.Command.Contains("/etc/shadow", StringComparison.Ordinal) && e.Success == false);
        // USER_CMD has the command as typed (auth.log has the resolved path), and sudo -i as the login shell's name.
        Assert.Contains(sudo, e => e.Command == "-bash" && e.Success == true);
        Assert.Contains(sudo, e => e.Command == "/usr/bin/whoami" && e.Success == false);
        Assert.All(sudo, e => Assert.Equal(Account.Name, e.LoginUser));
        Assert.All(sudo, e => Assert.Equal(Facts.Tty, e.Terminal));
    }

    [Fact]
    public void Login_sets_the_login_uid_and_session_of_the_executions()
    {
        var events = Events();
        var login = Only(events, e => e.Type == "LOGIN" && e.Login is { } l && l.Auid == Account.Uid).Login!;
        Assert.Equal(Account.Name, login.LoginUser);
        Assert.True(login.Session > 0);
        Assert.Contains(events, e => e.IsExecution && e.Auid == Account.Uid && e.Session == login.Session);
        var accepted = Only(events, e => e.Type == "USER_LOGIN" && e.Result == "success" && e.AccountId == Account.Uid);
        Assert.Equal(login.Session, accepted.Session);
        Assert.Equal("/usr/sbin/sshd", accepted.Exe);
        Assert.Equal("127.0.0.1", accepted.Addr);
    }

    [Fact]
    public void Account_tools_come_back_as_user_space_events_and_identity_file_writes()
    {
        var events = Events();
        Assert.Contains(events, e => e.Type == "ADD_USER" && e.AccountId == Account.Uid);
        Assert.Contains(events, e => e.Type == "DEL_USER" && e.AccountId == Account.Uid);
        Assert.Contains(events, e => e.Key == "identity" && e.Paths.Any(p => p.Name == "/etc/passwd") && e.Exe == "/usr/sbin/useradd");
        Assert.Contains(events, e => e.Key == "identity" && e.Paths.Any(p => p.Name == "/etc/shadow") && e.Exe == "/usr/sbin/chpasswd");
        Assert.Contains(events, e => e.Key == "sudoers");
    }
}
