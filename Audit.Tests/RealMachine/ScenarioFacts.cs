namespace Audit.Tests.RealMachine;

/// <summary>What the scenario did on the machine, known from the doing (not from the logs), to assert the logs against.</summary>
public sealed class ScenarioFacts
{
    /// <summary>This run's unique part: in the host, user and group names and in typed markers.</summary>
    public required string Id { get; init; }

    public required string Host { get; init; }

    public required TestAccount Account { get; init; }

    public required string InvalidUser { get; init; }

    public required int SshdPort { get; init; }

    public DateTimeOffset Started { get; set; }

    public DateTimeOffset Finished { get; set; }

    /// <summary>The client port of the successful session ($SSH_CLIENT inside it).</summary>
    public int SessionClientPort { get; set; }

    /// <summary>The session's terminal as sudo logs it (pts/N).</summary>
    public string Tty { get; set; } = "";

    /// <summary>PID of the login shell, and of the root shell after sudo -i.</summary>
    public int ShellPid { get; set; }

    public int RootShellPid { get; set; }

    /// <summary>An account the person created and deleted in the root shell after sudo -i.</summary>
    public string AdministeredAccount => "rmadm" + Id;

    public List<TypedCommand> Typed { get; } = [];

    /// <summary>What the terminal showed, for failure messages.</summary>
    public string Transcript { get; set; } = "";

    public bool AuditdRan { get; set; }
}
