namespace Audit.Domain.Parsing;

/// <summary>The kinds of source Audit reads (commands.log, auth.log, auditd, IPython logs, app JSON events); decides which parsers see a line first.</summary>
public enum SourceKind
{
    Unknown = 0,
    Bash = 1,
    Auth = 2,
    Auditd = 3,
    IPython = 4,
    App = 5,
}
